import type { Pool } from 'pg';
import { runQuery } from '../src/query/engine';
import type { Frame } from '../src/engine/frames';
import { refreshRollups } from '../src/rollups/rollups';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * The order of evidence for a call's agent leg (docs/kpis.md "The agent leg outcome"): the same inbound
 * calls, once with their leg from the Bulk API's `Details` and once with no Details but Passthru's
 * documented fields, give the same offered, answered, missed by reason, talk time and service level,
 * from the raw tables and from the rollups. A call with no evidence at all is "outcome unknown" in both.
 *
 * Passthru fields and values: https://support.exotel.com/support/solutions/articles/48283-working-with-passthru-applet
 * (CallType call-attempt / completed / client-hangup / incomplete, DialCallStatus, DialCallDuration,
 * DialWhomNumber); Details: https://developer.exotel.com/docs/voice-v1/api-reference/call-details.
 */
const ZONE = 'Asia/Kolkata';
const START = new Date('2026-03-02T00:00:00+05:30');
const END = new Date('2026-03-03T00:00:00+05:30');
const NOW = END;
const EXOPHONE = '+918040000001';
const AGENT = '+919800000001';

interface LegCase {
  name: string;
  duration: number;
  /** Bulk `Details`, or null for a record without them. */
  details: { leg2: string | null; conversation: number } | null;
  /** Passthru after the call, or null when no Passthru ran. */
  passthru: {
    callType: string;
    dialStatus: string | null;
    dialDuration: number;
    agent: string | null;
  } | null;
}

/**
 * A call whose agent leg both kinds of evidence tell alike: Details' `leg2` (Leg2Status) and
 * conversation, and Passthru's `callType`, DialCallStatus (`dialStatus`: the leg's status, or null
 * where Passthru leaves it out) and DialCallDuration, both `talk` seconds.
 */
function dialled(
  name: string,
  duration: number,
  leg2: string,
  callType: string,
  talk = 0,
  dialStatus: string | null = leg2,
): LegCase {
  return {
    name,
    duration,
    details: { leg2, conversation: talk },
    passthru: { callType, dialStatus, dialDuration: talk, agent: AGENT },
  };
}

// name, duration, leg2, callType, talk, dialStatus
const CASES: LegCase[] = [
  dialled('answered', 60, 'completed', 'completed', 40),
  // Passthru says the conversation happened but has no DialCallStatus: answered, talk time from DialCallDuration.
  dialled('answered, CallType only', 90, 'completed', 'completed', 35, null),
  dialled('no answer', 45, 'no-answer', 'incomplete'),
  dialled('no answer, CallType only', 50, 'no-answer', 'incomplete', 0, null),
  dialled('busy', 20, 'busy', 'incomplete'),
  dialled('failed', 15, 'failed', 'incomplete'),
  dialled('caller hung up while ringing', 25, 'canceled', 'client-hangup'),
  {
    name: 'IVR only',
    duration: 30,
    details: { leg2: null, conversation: 0 },
    passthru: { callType: 'call-attempt', dialStatus: null, dialDuration: 0, agent: null },
  },
  { name: 'no evidence', duration: 30, details: null, passthru: null },
];

type Source = 'details' | 'passthru';

/** The calls of CASES, each leg told only by `source` (the other kind of evidence left out). */
async function store(pool: Pool, source: Source): Promise<void> {
  for (const [i, c] of CASES.entries()) {
    const sid = `call${i}`;
    const details = source === 'details' ? c.details : null;
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction,
         duration, conversation_duration, leg1_status, leg2_status, leg_durations, payload_rest)
       VALUES ($1, $2, 'acme', $3, $4, $3, 'completed', 'inbound', $5, $6, $7, $8, $9, '{}')`,
      [
        sid,
        new Date(START.getTime() + (i + 10) * 3_600_000),
        EXOPHONE,
        `+9199000000${String(i).padStart(2, '0')}`,
        c.duration,
        details?.conversation ?? null,
        details ? 'completed' : null,
        details?.leg2 ?? null,
        details ? [c.duration] : null,
      ],
    );
    const passthru = source === 'passthru' ? c.passthru : null;
    if (!passthru) continue;
    await pool.query(
      `INSERT INTO passthru_events (event_key, account_sid, call_sid, call_type, dial_call_status, dial_call_duration,
         dial_whom_number, params, received_at)
       VALUES ($1, 'acme', $2, $3, $4, $5, $6, '{}', $7)`,
      [
        `e-${sid}`,
        sid,
        passthru.callType,
        passthru.dialStatus,
        passthru.dialDuration,
        passthru.agent,
        new Date(START.getTime() + (i + 10) * 3_600_000 + 120_000),
      ],
    );
  }
}

const METRICS = [
  'offered',
  'answered',
  'missed',
  'ivr_only',
  'outcome_unknown',
  'avg_talk_time',
  'service_level',
];

/** Each metric's day value per series label (the day is one bucket). */
function values(frame: Frame): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of frame.fields.slice(1)) {
    const label = Object.values(field.labels ?? {}).join(',') || field.name;
    out[`${field.config?.custom?.role ?? 'value'}:${label}`] = field.values[0];
  }
  return out;
}

describe('agent leg evidence: bulk Details or Passthru alone give the same KPIs', () => {
  let cluster: TestCluster;
  const pools = {} as Record<Source, Pool>;

  beforeAll(async () => {
    cluster = await startTestCluster();
    for (const source of ['details', 'passthru'] as const) {
      pools[source] = createPool(await cluster.freshDatabase());
      await migrate(pools[source]);
      await store(pools[source], source);
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(pools).map((pool) => pool.end()));
    await cluster.destroy();
  });

  const answers = async (source: Source) => {
    const out: Record<string, Record<string, unknown>> = {};
    for (const metric of METRICS) {
      const result = await runQuery(
        pools[source],
        { metric, interval: '1d', from: START.getTime(), to: END.getTime(), timeZone: ZONE },
        { defaultTimeZone: ZONE, now: () => NOW },
      );
      out[metric] = values(result.frames[0]!);
    }
    return out;
  };

  it('counts each case as docs/kpis.md defines it, from Details', async () => {
    const details = await answers('details');
    expect(details.offered).toEqual({ 'value:offered': 7 });
    expect(details.answered).toEqual({ 'value:answered': 2 });
    expect(details.ivr_only).toEqual({ 'value:ivr_only': 1 });
    expect(details.outcome_unknown).toEqual({ 'value:outcome_unknown': 1 });
    expect(details.missed).toEqual({
      'value:no-answer': 2,
      'value:busy': 1,
      'value:failed': 1,
      'value:caller-hangup': 1,
      'value:unsettled': 0,
    });
    expect(details.avg_talk_time).toMatchObject({ 'value:avg_talk_time': (40 + 35) / 2 });
    // Answer delays 60 − 40 = 20 s (within T = 20 s: T included) and 90 − 35 = 55 s; 7 offered.
    expect(details.service_level).toMatchObject({ 'value:service_level': 1 / 7 });
  });

  it('gives the same answers from Passthru alone, from the raw tables and from the rollups', async () => {
    const fromDetails = await answers('details');
    expect(await answers('passthru')).toEqual(fromDetails);
    for (const source of ['details', 'passthru'] as const) {
      await refreshRollups(pools[source], { now: NOW });
      expect(await answers(source)).toEqual(fromDetails);
    }
  });
});
