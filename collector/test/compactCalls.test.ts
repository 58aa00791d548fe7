import type { Pool } from 'pg';
import type { ExotelCall } from '../src/exotel/types';
import { normaliseCall } from '../src/normalise/call';
import type { CallRecord } from '../src/normalise/types';
import { resolveOptions } from '../src/simulator/options';
import { SimulatedAccount } from '../src/simulator/simulated-account';
import { SLOT_MS } from '../src/simulator/traffic';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import {
  CD2_CALL,
  PUBLISHED_SETTLED,
  PUBLISHED_UNSETTLED,
  V1_BULK_ENTRY,
  V1_CALL_DETAILS,
} from './fixtures/documentedCalls';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * Calls stored compact (migration 017): the database's raw(calls), uri(calls) and legs(calls) give
 * back exactly what Exotel sent and what the uri and legs columns held, for Exotel's documented
 * examples, legs of other shapes and simulated calls with every quirk; rows stored whole before 017
 * read the same and are compacted when re-read.
 */
const DOCUMENTED = [V1_CALL_DETAILS, CD2_CALL, PUBLISHED_SETTLED, PUBLISHED_UNSETTLED, V1_BULK_ENTRY];

/** The documented details=true call with legs the durations cannot hold (kept whole in the rest). */
const OTHER_LEGS: unknown[][] = [
  [{ Leg: { Id: 1, OnCallDuration: '21' } }],
  [{ Leg: { Id: 2, OnCallDuration: 8 } }],
  [{ Leg: { Id: 1, OnCallDuration: 21, Status: 'completed' } }],
  [{ Leg: { Id: 1 } }],
  [{ Leg: { Id: 1, OnCallDuration: 2.5 } }],
  [null],
  [],
];
const otherLegsCalls = (): ExotelCall[] =>
  OTHER_LEGS.map((legs, i) => ({
    ...V1_CALL_DETAILS,
    Sid: `otherlegs${i}`,
    Details: { ...V1_CALL_DETAILS.Details, Legs: legs },
  })) as ExotelCall[];

function simulatedCalls(): ExotelCall[] {
  const sim = new SimulatedAccount(resolveOptions({ callsPerDay: 5000, provisionalStatusFraction: 0.5 }));
  const slot = Math.floor(Date.parse('2025-02-03T06:00:00Z') / SLOT_MS);
  const calls = [];
  for (let s = slot; s < slot + 20; s++) calls.push(...sim.traffic.slotCalls(s));
  // One version of each call per table: provisional without details, and settled with them.
  return calls.flatMap((call, i) => [
    i % 2 === 0 ? sim.renderer.render(call, call.endMs, i % 4 === 0) : sim.renderer.renderFinal(call),
  ]);
}

const records = () =>
  [...DOCUMENTED, ...otherLegsCalls(), ...simulatedCalls()].map((call) =>
    normaliseCall(call, { accountSid: 'acme' }),
  );

interface Read {
  raw: unknown;
  uri: string | null;
  legs: unknown;
}

async function stored(pool: Pool): Promise<Map<string, Read>> {
  const { rows } = await pool.query<Read & { sid: string }>(
    'SELECT c.sid, c.raw, c.uri, c.legs FROM calls c',
  );
  return new Map(rows.map((r) => [r.sid, { raw: r.raw, uri: r.uri, legs: r.legs }]));
}

const sent = (record: CallRecord): Read => ({ raw: record.raw, uri: record.uri, legs: record.legs });

describe('calls stored compact (migration 017)', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(() => cluster.destroy());

  it('gives back every payload and Uri exactly, and rewrites nothing on a re-read', async () => {
    const pool = createPool(await cluster.freshDatabase());
    try {
      await migrate(pool);
      const calls = records();
      expect(calls.length).toBeGreaterThan(100);
      await upsertCalls(pool, calls);
      const rows = await stored(pool);
      for (const record of calls) expect(rows.get(record.sid)).toEqual(sent(record));
      expect((await upsertCalls(pool, calls)).written).toBe(0);
      // The read-only role sees the legs in reporting.calls, made again over legs(calls).
      const reader = await pool.connect();
      try {
        await reader.query('SET ROLE exowatch_reader');
        const { rows: shown } = await reader.query<{ sid: string; legs: unknown }>(
          'SELECT sid, legs FROM reporting.calls',
        );
        expect(new Map(shown.map((r) => [r.sid, r.legs]))).toEqual(
          new Map(calls.map((r) => [r.sid, r.legs])),
        );
      } finally {
        await reader.query('RESET ROLE');
        reader.release();
      }
      // The rest holds little: a Price sent as a number, the provisional calls' pending values.
      const { rows: size } = await pool.query<{ avg: number }>(
        `SELECT avg(pg_column_size(payload_rest))::float AS avg FROM calls WHERE sid NOT IN (${DOCUMENTED.map((_, i) => `$${i + 1}`).join(', ')})`,
        DOCUMENTED.map((c) => c.Sid),
      );
      expect(size[0]!.avg).toBeLessThan(40);
      // Only the legs of another shape stay in the rest; the documented ones are their durations.
      const { rows: legs } = await pool.query<{ sid: string }>(
        `SELECT sid FROM calls WHERE leg_durations IS NULL AND payload_rest #> '{Details,Legs}' IS NOT NULL ORDER BY sid`,
      );
      expect(legs.map((r) => r.sid)).toEqual(OTHER_LEGS.map((_, i) => `otherlegs${i}`).slice(0, -1));
      // ExoPhones sent in the trunk form (all the simulator's and the published ones) are not stored
      // twice; masked ones (0XXXXXX4890) are.
      const { rows: numbers } = await pool.query<{ placed: number; sent: number; masked: number }>(
        `SELECT count(phone_number)::int AS placed, count(phone_number_sent) FILTER (WHERE phone_number IS NOT NULL)::int AS sent,
                count(phone_number_sent) FILTER (WHERE phone_number IS NULL)::int AS masked FROM calls`,
      );
      expect(numbers[0]).toMatchObject({ sent: 0, masked: 9 });
      expect(numbers[0]!.placed).toBeGreaterThan(100);
    } finally {
      await pool.end();
    }
  });

  it('reads rows stored whole before 017 unchanged, and stores them compact when read again', async () => {
    const pool = createPool(await cluster.freshDatabase());
    try {
      await migrate(pool, { before: '017' });
      const calls = records();
      await pool.query(
        `INSERT INTO calls (sid, date_created, account_sid, uri, legs, raw, to_number, to_raw, from_number, from_raw,
                            phone_number, phone_number_raw)
         SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[],
                              $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])`,
        [
          calls.map((r) => r.sid),
          calls.map((r) => r.dateCreated),
          calls.map((r) => r.accountSid),
          calls.map((r) => r.uri),
          calls.map((r) => (r.legs === null ? null : JSON.stringify(r.legs))),
          calls.map((r) => JSON.stringify(r.raw)),
          ...calls.reduce<(string | null)[][]>(
            (columns, r) => {
              const values = [r.toNumber, r.toRaw, r.fromNumber, r.fromRaw, r.phoneNumber, r.phoneNumberRaw];
              values.forEach((v, i) => columns[i]!.push(v));
              return columns;
            },
            [[], [], [], [], [], []],
          ),
        ],
      );
      await migrate(pool);
      const before = await stored(pool);
      for (const record of calls) expect(before.get(record.sid)).toEqual(sent(record));
      expect((await upsertCalls(pool, calls)).written).toBe(calls.length);
      const { rows } = await pool.query<{ whole: number }>(
        'SELECT count(*)::int AS whole FROM calls WHERE payload_absent IS NULL',
      );
      expect(rows[0]!.whole).toBe(0);
      expect(await stored(pool)).toEqual(before);
    } finally {
      await pool.end();
    }
  });
});
