import type { Pool } from 'pg';
import { refreshCallbacks } from '../src/callbacks/missedCalls';
import type { ExotelCall } from '../src/exotel/types';
import { applyRetention } from '../src/privacy/retention';
import { runQuery } from '../src/query/engine';
import { refreshRollups } from '../src/rollups/rollups';
import { callAt, MISSED, salesTeamDatabase } from './fixtures/istCalls';
import { passthruQuery } from './fixtures/webhookApp';

/**
 * Retention on real PostgreSQL: payload fields, recording links and numbers in clear expire by age,
 * and every KPI answers the same before and after. Calls are Call Details records
 * (fixtures/exotelCall.ts, exotel-api.md §1.4) with the documented RecordingUrl field; the Passthru
 * parameters are those of the published 2024 query string (fixtures/webhookApp.ts passthruQuery,
 * exotel-api.md §3.2). Times are fixed; `now` is passed to retention and queries.
 */
const ZONE = 'Asia/Kolkata';
const NOW = new Date('2026-03-10T12:00:00+05:30');
const OLD_DAY = Date.parse('2026-01-05T00:00:00+05:30');
const NEW_DAY = Date.parse('2026-03-09T00:00:00+05:30');
/** The day numbersInClearDays (32) ends on: 12:00 IST, 32 days before NOW. */
const EDGE_DAY = Date.parse('2026-02-06T00:00:00+05:30');
const RECORDING = 'https://s3-ap-southeast-1.amazonaws.com/recordings/abc123.mp3';
const SETTINGS = { rawPayloadDays: 30, recordingUrlDays: 30, numbersInClearDays: 32 };

/** The same story on an old day and on a recent one: a repeat caller, a callback, an unanswered caller. */
const story = (prefix: string, day: string): ExotelCall[] => [
  callAt(`${prefix}1`, day, '10:00', { From: '09901320691', ...MISSED }),
  callAt(`${prefix}2`, day, '10:20', { From: '09901320691', ...MISSED }),
  callAt(`${prefix}3`, day, '10:40', { From: '09800000001', To: '09901320691', Direction: 'outbound-dial' }),
  callAt(`${prefix}4`, day, '11:00', { From: '09811111111', ...MISSED }),
  callAt(`${prefix}5`, day, '11:30', { From: '09811111111', RecordingUrl: RECORDING }),
];

/**
 * Missed calls pseudonymised by retention whose callbacks, a little younger, stay in clear: an
 * outbound callback to the first caller, and the second caller calling in again, answered.
 */
const edge: ExotelCall[] = [
  callAt('edge1', '2026-02-06', '11:00', { From: '09822222222', ...MISSED }),
  callAt('edge2', '2026-02-06', '12:30', {
    From: '09800000001',
    To: '09822222222',
    Direction: 'outbound-dial',
  }),
  callAt('edge3', '2026-02-06', '11:40', { From: '09833333333', ...MISSED }),
  callAt('edge4', '2026-02-06', '12:10', { From: '09833333333' }),
];

const METRICS = [
  'calls',
  'offered',
  'answered',
  'missed',
  'avg_talk_time',
  'repeat_caller_rate',
  'callback_rate',
  'time_to_callback',
  'missed_callbacks_open',
];

describe('retention of personal data', () => {
  let close: () => Promise<void>;
  let pool: Pool;

  const kpis = async () => {
    const answers: Record<string, unknown> = {};
    for (const metric of METRICS)
      for (const from of [OLD_DAY, EDGE_DAY, NEW_DAY])
        answers[`${metric}@${from}`] = (
          await runQuery(
            pool,
            { metric, interval: '1h', groupBy: ['team'], from, to: from + 86_400_000, timeZone: ZONE },
            { defaultTimeZone: ZONE, now: () => NOW },
          )
        ).frames;
    return answers;
  };

  beforeAll(async () => {
    ({ pool, close } = await salesTeamDatabase([
      ...story('old', '2026-01-05'),
      ...edge,
      ...story('new', '2026-03-09'),
    ]));
    for (const [sid, at] of [
      ['old1', '2026-01-05T04:30:05Z'],
      ['new1', '2026-03-09T04:30:05Z'],
    ] as const) {
      const params = Object.fromEntries(new URLSearchParams(passthruQuery(sid)));
      await pool.query(
        `INSERT INTO passthru_events (event_key, account_sid, call_sid, call_from, call_from_raw, call_to, call_to_raw,
           direction, digits, params, received_at)
         VALUES ($1, 'acme', $1, '+919901320691', '09901320691', '+918069891522', '08069891522', 'incoming', $2, $3, $4)`,
        [sid, params.digits, JSON.stringify(params), at],
      );
    }
    await refreshRollups(pool, { now: NOW });
    await refreshCallbacks(pool);
  });
  afterAll(async () => {
    await close();
  });

  it('expires by age, leaves recent rows and business numbers in clear, and changes no KPI', async () => {
    const before = await kpis();
    expect(await applyRetention(pool, SETTINGS, { now: NOW, batchRows: 2 })).toEqual({
      calls: 9,
      passthru_events: 1,
      agent_events: 0,
      status_callback_events: 0,
      missed_calls: 5,
      rejected_calls: 0,
    });
    const calls = await pool.query(
      `SELECT sid, from_number, c.from_raw, to_number, c.recording_url, c.raw ? 'From' AS raw_from,
              c.raw ? 'RecordingUrl' AS raw_recording, c.raw ->> 'PhoneNumberSid' AS exophone
       FROM calls c ORDER BY sid`,
    );
    const bySid = Object.fromEntries(calls.rows.map((r) => [r.sid, r]));
    const pseudonym = bySid.old1.from_number as string;
    expect(pseudonym).toMatch(/^c_[0-9a-f]{16}$/);
    expect(bySid.old1).toMatchObject({ from_raw: pseudonym, to_number: '+918069891522', raw_from: false });
    expect(bySid.old1.exophone).toBe('08069891522');
    // The callback's callee is the same pseudonym; its caller, the agent, stays in clear.
    expect(bySid.old3).toMatchObject({ from_number: '+919800000001', to_number: pseudonym });
    expect(bySid.old5).toMatchObject({ recording_url: null, raw_recording: false });
    expect(bySid.new1).toMatchObject({ from_number: '+919901320691', raw_from: true });
    expect(bySid.new5).toMatchObject({ recording_url: RECORDING, raw_recording: true });
    const passthru = await pool.query(
      `SELECT call_sid, call_from, call_to, digits, params ? 'CallFrom' AS has_from FROM passthru_events ORDER BY call_sid`,
    );
    expect(passthru.rows).toEqual([
      {
        call_sid: 'new1',
        call_from: '+919901320691',
        call_to: '+918069891522',
        digits: '"215250"',
        has_from: true,
      },
      { call_sid: 'old1', call_from: pseudonym, call_to: '+918069891522', digits: null, has_from: false },
    ]);
    const customers = await pool.query(
      `SELECT sid, customer FROM missed_calls WHERE sid LIKE 'old%' ORDER BY sid`,
    );
    expect(customers.rows).toEqual([
      { sid: 'old1', customer: pseudonym },
      { sid: 'old2', customer: pseudonym },
      { sid: 'old4', customer: expect.stringMatching(/^c_[0-9a-f]{16}$/) },
    ]);
    // Nothing was marked for recomputation, and every answer is the same, stored and recomputed.
    expect((await pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n).toBe(0);
    expect((await pool.query('SELECT count(*)::int AS n FROM callback_dirty_slots')).rows[0].n).toBe(0);
    expect(await kpis()).toEqual(before);
    // Every slot recomputed (a re-sync of old days, a tag change): the edge day's missed calls, now
    // pseudonymised, are still matched with their callbacks in clear.
    const edgeCalls = `SELECT sid, from_number, to_number FROM calls WHERE sid LIKE 'edge%' ORDER BY sid`;
    const edgeNumbers = (await pool.query(edgeCalls)).rows.map((r) => [r.sid, r.from_number, r.to_number]);
    expect(edgeNumbers).toEqual([
      ['edge1', expect.stringMatching(/^c_/), '+918069891522'],
      ['edge2', '+919800000001', '+919822222222'],
      ['edge3', expect.stringMatching(/^c_/), '+918069891522'],
      ['edge4', '+919833333333', '+918069891522'],
    ]);
    const calledBack = `SELECT sid, called_back_at IS NOT NULL AS called_back FROM missed_calls WHERE sid LIKE 'edge%' ORDER BY sid`;
    const edgeOutcomes = [
      { sid: 'edge1', called_back: true },
      { sid: 'edge3', called_back: true },
    ];
    expect((await pool.query(calledBack)).rows).toEqual(edgeOutcomes);
    for (const marks of ['rollup_dirty_slots', 'callback_dirty_slots'])
      await pool.query(
        `INSERT INTO ${marks} (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls ON CONFLICT DO NOTHING`,
      );
    // The one answer a recomputation changes (docs/privacy.md, "KPIs after expiry"): edge3 and edge4
    // are one caller within 24 hours on either side of the 32-day line, so no longer a repeat.
    const unchanged = (answers: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(answers).filter(([k]) => k !== `repeat_caller_rate@${EDGE_DAY}`));
    expect(unchanged(await kpis())).toEqual(unchanged(before));
    await refreshRollups(pool, { now: NOW });
    await refreshCallbacks(pool);
    expect((await pool.query(calledBack)).rows).toEqual(edgeOutcomes);
    expect(unchanged(await kpis())).toEqual(unchanged(before));
    // The reporting views show the same pseudonym for the customer's old and recent calls.
    const views = await pool.query(
      `SELECT DISTINCT from_pseudonym FROM reporting.calls WHERE sid IN ('old1', 'new1')`,
    );
    expect(views.rows).toEqual([{ from_pseudonym: pseudonym }]);
  });

  it('is idempotent', async () => {
    const again = await applyRetention(pool, SETTINGS, { now: NOW });
    expect(Object.values(again).every((n) => n === 0)).toBe(true);
  });
});
