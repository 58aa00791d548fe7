import type { Pool } from 'pg';
import { refreshCallbacks } from '../src/callbacks/missedCalls';
import type { ExotelCall } from '../src/exotel/types';
import { normaliseCall } from '../src/normalise/call';
import { runQuery } from '../src/query/engine';
import type { Frame } from '../src/engine/frames';
import { refreshRollups } from '../src/rollups/rollups';
import { createPool } from '../src/store/db';
import { listMigrations, migrate } from '../src/store/migrate';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * Migration 011 on a database written by the collector before it read PhoneNumberSid: calls stored
 * with phone_number null and the ExoPhone only in the raw payload, rollups and missed calls already
 * computed as `(none)`. After migrating, each call's ExoPhone is what normaliseCall() derives from the
 * same payload, and the per-ExoPhone and per-team answers are right, before and after the refresh.
 */
const ZONE = 'Asia/Kolkata';
const START = new Date('2026-03-02T00:00:00+05:30');
const END = new Date('2026-03-03T00:00:00+05:30');
const NOW = END;
const SALES = '+919513886363';
const SUPPORT = '+918040000001';

/**
 * PhoneNumberSid as Exotel writes it ("09513886363": a real published response, exotel-api.md §1.4,
 * source D-cd2; "0XXXXXX4890": the masked example of
 * https://developer.exotel.com/docs/voice-v1/api-reference/call-details) and the other spellings
 * normalise/phone.ts accepts for an Indian number.
 */
const SPELLINGS: [sid: string, exophone: string | null][] = [
  ['09513886363', SALES],
  ['+91 95138 86363', SALES],
  ['919513886363', SALES],
  ['0091-9513886363', SALES],
  ['(080) 4000-0001', SUPPORT],
  ['08040000001', SUPPORT],
  ['0XXXXXX4890', null],
];

/** Exotel's `YYYY-MM-DD HH:mm:ss` in IST. */
const istText = (at: Date) =>
  new Date(at.getTime() + 5.5 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

interface OldCall {
  sid: string;
  at: Date;
  payload: ExotelCall;
  answered: boolean;
}

const CALLS: OldCall[] = SPELLINGS.flatMap(([phoneNumberSid], i) =>
  [0, 1, 2].map((k) => {
    const at = new Date(START.getTime() + (i * 3 + k) * 47 * 60_000);
    const answered = k !== 2;
    const sid = `old${i}${k}`;
    return {
      sid,
      at,
      answered,
      payload: {
        Sid: sid,
        AccountSid: 'acme',
        DateCreated: istText(at),
        PhoneNumberSid: phoneNumberSid,
        From: `0990000${String(i * 3 + k).padStart(4, '0')}`,
        Direction: 'inbound',
      },
    };
  }),
);

/** Exactly what the collector wrote before: no `PhoneNumber` in the payload, so no ExoPhone. */
async function storeTheOldWay(pool: Pool): Promise<void> {
  for (const c of CALLS) {
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, phone_number_raw, phone_number_sid,
         from_number, status, direction, duration, conversation_duration, leg2_status, raw)
       VALUES ($1, $2, 'acme', NULL, NULL, $3, $4, $5, 'inbound', 60, $6, $7, $8)`,
      [
        c.sid,
        c.at,
        c.payload.PhoneNumberSid,
        `+91${c.payload.From!.slice(1)}`,
        c.answered ? 'completed' : 'no-answer',
        c.answered ? 40 : 0,
        c.answered ? 'completed' : 'no-answer',
        JSON.stringify(c.payload),
      ],
    );
  }
}

/** Non-zero values of a one-bucket frame by label text. */
function totals(frame: Frame): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of frame.fields) {
    if (f.config?.custom?.role !== 'value') continue;
    const label = Object.values(f.labels ?? {}).join(',');
    const sum = f.values.reduce<number>((acc, v) => acc + Number(v ?? 0), 0);
    if (sum !== 0) out[label] = sum;
  }
  return out;
}

const count = (exophone: string | null, keep: (c: OldCall) => boolean = () => true) =>
  CALLS.filter((c, i) => SPELLINGS[Math.floor(i / 3)]![1] === exophone && keep(c)).length;

describe('migration 011: the ExoPhone of stored calls from their PhoneNumberSid', () => {
  let cluster: TestCluster;
  let pool: Pool;
  beforeAll(async () => {
    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    // Every migration but 011 (up to 017, which stores calls compact): the database as the old collector left it, with the rollup columns this
    // code computes (so its refresh can stand in for the old one).
    await migrate(pool, { skip: '011', before: '017' });
    // The teams, set before any call was stored (as the tags API stores them; this code's API would
    // also mark the numbers' slots through 027's calls_exophone_slots, which that database lacks).
    await pool.query(
      `INSERT INTO tags (target, key, value, valid_from) VALUES ($1, 'team', 'Sales', $3), ($2, 'team', 'Support', $3)`,
      [SALES, SUPPORT, new Date('2026-01-01T00:00:00Z')],
    );
    await storeTheOldWay(pool);
    // This code's refresh also writes the tag rollups of 026 and reads the calendar slots of 028, which
    // that database lacks: they are made for it and dropped again, so that 026 fills the tag rollups
    // from the main rollups as on a real upgrade.
    const sqlOf = (version: string) => listMigrations().find((m) => m.version === version)!.sql;
    await pool.query(sqlOf('026_tag_rollups'));
    await pool.query(sqlOf('028_calendar_slots'));
    await refreshRollups(pool, { now: NOW });
    await pool.query(`DROP VIEW reporting.call_rollup_tags_hourly, reporting.call_rollup_tags_daily;
      DROP TABLE call_rollup_tags_hourly, call_rollup_tags_daily;
      DROP FUNCTION write_calendar_slots(text, timestamptz, timestamptz); DROP TABLE calendar_slots`);
    await refreshCallbacks(pool);
  });
  afterAll(async () => {
    await pool.end();
    await cluster.destroy();
  });

  const q = async (body: Record<string, unknown>) =>
    totals(
      (
        await runQuery(
          pool,
          { from: START.getTime(), to: END.getTime(), timeZone: ZONE, interval: '1d', ...body },
          { defaultTimeZone: ZONE, now: () => NOW },
        )
      ).frames[0]!,
    );
  const expectRightAnswers = async () => {
    expect(await q({ metric: 'calls', groupBy: ['exophone'] })).toEqual({
      [SALES]: count(SALES),
      [SUPPORT]: count(SUPPORT),
      '(none)': count(null),
    });
    expect(await q({ metric: 'answered', groupBy: ['team'] })).toEqual({
      Sales: count(SALES, (c) => c.answered),
      Support: count(SUPPORT, (c) => c.answered),
      '(none)': count(null, (c) => c.answered),
    });
  };

  it('starts from the wrong answers the old collector stored', async () => {
    expect(await q({ metric: 'calls', groupBy: ['exophone'] })).toEqual({ '(none)': CALLS.length });
  });

  it('re-derives each ExoPhone as normaliseCall() does and re-marks the rollups and callbacks', async () => {
    expect((await migrate(pool)).applied).toContain('011_exophone_from_phone_number_sid');

    const { rows } = await pool.query<{ sid: string; phone_number: string | null; phone_number_raw: string }>(
      'SELECT sid, phone_number, c.phone_number_raw FROM calls c ORDER BY sid',
    );
    for (const row of rows) {
      const call = CALLS.find((c) => c.sid === row.sid)!;
      const now = normaliseCall(call.payload);
      expect({ sid: row.sid, exophone: row.phone_number, raw: row.phone_number_raw }).toEqual({
        sid: row.sid,
        exophone: now.phoneNumber,
        raw: now.phoneNumberRaw,
      });
    }
    const marked = async (table: string) =>
      (await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
    expect(await marked('rollup_dirty_slots')).toBeGreaterThan(0);
    expect(await marked('callback_dirty_slots')).toBeGreaterThan(0);

    await expectRightAnswers(); // dirty slots: computed from the raw calls
    await refreshRollups(pool, { now: NOW });
    await refreshCallbacks(pool);
    expect(await marked('rollup_dirty_slots')).toBe(0);
    await expectRightAnswers(); // from the recomputed rollups
    const { rows: missed } = await pool.query<{ exophone: string | null; n: number }>(
      'SELECT exophone, count(*)::int AS n FROM missed_calls GROUP BY 1',
    );
    expect(Object.fromEntries(missed.map((r) => [r.exophone ?? '(none)', r.n]))).toEqual({
      [SALES]: count(SALES, (c) => !c.answered),
      [SUPPORT]: count(SUPPORT, (c) => !c.answered),
      '(none)': count(null, (c) => !c.answered),
    });
  });

  it('leaves the marking triggers on, and a written call marks its slot again', async () => {
    const { rows } = await pool.query<{ tgname: string; tgenabled: string }>(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'calls'::regclass AND NOT tgisinternal`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.tgenabled === 'O')).toBe(true);
    // The migration switched per-row marking off for its own transaction only.
    await pool.query('DELETE FROM rollup_dirty_slots');
    const { rows: written } = await pool.query<{ slot: Date }>(
      `UPDATE calls SET status = status WHERE sid = (SELECT min(sid) FROM calls) RETURNING rollup_slot(date_created) AS slot`,
    );
    const { rows: marked } = await pool.query<{ slot: Date }>('SELECT slot FROM rollup_dirty_slots');
    expect(marked).toEqual(written);
  });
});
