import { Client } from 'pg';
import { refreshCallbacks } from '../src/callbacks/missedCalls';
import { normaliseCall } from '../src/normalise';
import { refreshRollups } from '../src/rollups/rollups';
import { tryLockAccount } from '../src/store/accountLock';
import { upsertCalls } from '../src/store/calls';
import { createPool, inTransaction } from '../src/store/db';
import { listMigrations, migrate } from '../src/store/migrate';
import { exotelCall } from './fixtures/exotelCall';
import { migratedDatabaseEachTest } from './harness/database';

describe('store on real PostgreSQL', () => {
  const db = migratedDatabaseEachTest();

  it('applies every migration once, even when collectors migrate concurrently', async () => {
    const fresh = createPool(await db.cluster.freshDatabase());
    const results = await Promise.all([migrate(fresh), migrate(fresh), migrate(fresh)]);
    const versions = listMigrations().map((m) => m.version);
    expect(results.flatMap((r) => r.applied).sort()).toEqual(versions);
    expect((await migrate(fresh)).applied).toEqual([]);
    await fresh.end();
  });

  it('runs every session in UTC and without JIT compilation, whatever the server defaults', async () => {
    // The throwaway servers keep PostgreSQL's default (jit on since 12); src/store/db.ts says why off.
    const url = await db.cluster.freshDatabase();
    const plain = new Client({ connectionString: url });
    await plain.connect();
    const server = await plain.query<{ jit: string }>(`SELECT current_setting('jit') AS jit`);
    await plain.end();
    expect(server.rows[0]!.jit).toBe('on');
    const { rows } = await db.pool.query<{ zone: string; jit: string }>(
      `SELECT current_setting('TimeZone') AS zone, current_setting('jit') AS jit`,
    );
    expect(rows[0]).toEqual({ zone: 'UTC', jit: 'off' });
  });

  it('stores every Exotel field in typed columns, in UTC', async () => {
    expect(await upsertCalls(db.pool, [normaliseCall(exotelCall())])).toMatchObject({
      written: 1,
      inserted: [{ sid: 'b6cfaf5f5cef3ca0fc937749ef96d245' }],
    });
    const { rows } = await db.pool.query('SELECT c.*, c.raw, c.legs, c.to_raw FROM calls c');
    expect(rows).toHaveLength(1);
    const row = rows[0];
    expect(row.date_created.toISOString()).toBe('2026-11-20T05:18:33.000Z');
    expect(row).toMatchObject({
      sid: 'b6cfaf5f5cef3ca0fc937749ef96d245',
      account_sid: 'acme',
      to_number: '+918069891522',
      to_raw: '08069891522',
      // Stored only when not the trunk form of to_number (017).
      to_sent: null,
      from_number: '+919901320691',
      status: 'completed',
      duration: 32,
      price: '1.5000',
      direction: 'inbound',
      conversation_duration: 21,
      leg1_status: 'completed',
      leg2_status: 'completed',
      legs: [{ Leg: { Id: 1, OnCallDuration: 21 } }],
      leg_durations: [21],
    });
    expect(row.raw).toEqual(exotelCall());
    // Stored: only what the columns do not give back as sent (Duration is a string).
    expect(row.payload_rest).toEqual({ Duration: '32' });
  });

  it('updates a call whose fields settle later instead of duplicating it, and ignores stale versions', async () => {
    const early = exotelCall({
      Duration: '',
      Price: null,
      Status: 'in-progress',
      DateUpdated: '2026-11-20 10:49:05',
    });
    const settled = exotelCall({ Duration: 40, Price: 2, DateUpdated: '2026-11-20 10:52:00' });
    const nothingNew = { inserted: [], offered: [], answered: [] };
    await upsertCalls(db.pool, [normaliseCall(early)]);
    expect(await upsertCalls(db.pool, [normaliseCall(settled)])).toEqual({ written: 1, ...nothingNew });
    expect(await upsertCalls(db.pool, [normaliseCall(settled)])).toEqual({ written: 0, ...nothingNew });
    expect(await upsertCalls(db.pool, [normaliseCall(early)])).toEqual({ written: 0, ...nothingNew });
    const { rows } = await db.pool.query('SELECT status, duration, price FROM calls');
    expect(rows).toEqual([{ status: 'completed', duration: 40, price: '2.0000' }]);
  });

  it('tells the calls that became offered, then answered, once each (Bulk API data alone)', async () => {
    const sids = (calls: { sid: string }[]) => calls.map((c) => c.sid).sort();
    const details = (leg2: string | null) => ({ ...exotelCall().Details!, Leg2Status: leg2 });
    const ringing = exotelCall({
      Sid: 'ringing',
      Details: details('in-progress'),
      DateUpdated: '2026-11-20 10:49:00',
    });
    const ivrOnly = exotelCall({ Sid: 'ivr', Details: details(null) });
    const outbound = exotelCall({ Sid: 'out', Direction: 'outbound-api' });
    const answeredAtOnce = exotelCall({ Sid: 'quick' });
    const first = await upsertCalls(
      db.pool,
      [ringing, ivrOnly, outbound, answeredAtOnce].map((c) => normaliseCall(c)),
    );
    expect({ offered: sids(first.offered), answered: sids(first.answered) }).toEqual({
      offered: ['quick', 'ringing'],
      answered: ['quick'],
    });
    // The ringing call settles as answered; the others are re-read unchanged or with a new price.
    const settled = exotelCall({
      Sid: 'ringing',
      Details: details('completed'),
      DateUpdated: '2026-11-20 10:52:00',
    });
    const repriced = exotelCall({ Sid: 'quick', Price: '3.000', DateUpdated: '2026-11-20 10:53:00' });
    const second = await upsertCalls(
      db.pool,
      [settled, ivrOnly, repriced].map((c) => normaliseCall(c)),
    );
    expect(second.written).toBe(2);
    expect({ offered: sids(second.offered), answered: sids(second.answered) }).toEqual({
      offered: [],
      answered: ['ringing'],
    });
    // A stale re-read of the ringing version changes nothing and counts nothing.
    const stale = await upsertCalls(db.pool, [normaliseCall(ringing), normaliseCall(settled)]);
    expect(stale).toEqual({ written: 0, inserted: [], offered: [], answered: [] });
  });

  it('keeps the newest version when one batch holds the same call twice', async () => {
    const older = normaliseCall(exotelCall({ Status: 'in-progress', DateUpdated: '2026-11-20 10:49:05' }));
    const newer = normaliseCall(exotelCall({ Status: 'completed', DateUpdated: '2026-11-20 10:55:00' }));
    await upsertCalls(db.pool, [newer, older]);
    const { rows } = await db.pool.query('SELECT status FROM calls');
    expect(rows).toEqual([{ status: 'completed' }]);
  });

  it("reads only a caller's calls of the marked window when a call or Passthru event marks slots", async () => {
    // 5,000 calls share one number (a withheld caller ID) at one instant, among 100,000 others; a new
    // call from that number and a Passthru event for it mark the slots of its earlier calls (repeat
    // callers, callbacks). Each lookup must stop at the call's own instant, not read every later call.
    const setup = await db.pool.connect();
    await setup.query('SET session_replication_role = replica');
    await setup.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction, payload_rest)
       SELECT 'c-' || i, '2026-11-20T10:00:00Z'::timestamptz + make_interval(secs => i % 3600), 'acme', '+918069891522',
              CASE WHEN i <= 5000 THEN '+910000000000' ELSE '+9170' || lpad(i::text, 8, '0') END, '+918069891522',
              'completed', 'inbound', '{}'
       FROM generate_series(1, 105000) i`,
    );
    await setup.query('RESET session_replication_role');
    setup.release();
    await db.pool.query('ANALYZE calls');
    const callsRead = async (statement: string) =>
      inTransaction(db.pool, async (tx) => {
        await tx.query(statement);
        const { rows } = await tx.query<{ n: string }>(
          `SELECT pg_stat_get_xact_tuples_returned('calls'::regclass) + pg_stat_get_xact_tuples_fetched('calls'::regclass) AS n`,
        );
        return Number(rows[0]!.n);
      });
    const earlierCall = `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction, payload_rest)
       VALUES ('earlier', '2026-11-20T09:00:00Z', 'acme', '+918069891522', '+910000000000', '+918069891522', 'completed', 'inbound', '{}')`;
    const passthru = `INSERT INTO passthru_events (event_key, account_sid, call_sid, dial_whom_number, dial_call_status, params, received_at)
       VALUES ('pt-earlier', 'acme', 'earlier', '+919800000001', 'completed', '{}', now())`;
    expect(await callsRead(earlierCall)).toBeLessThan(50);
    expect(await callsRead(passthru)).toBeLessThan(50);
  });

  it('ends an aborted transaction at once, mid-statement, rolled back, and the pool carries on', async () => {
    await db.pool.query('CREATE TABLE abort_probe (n int)');
    const stopping = new AbortController();
    const startedAt = Date.now();
    const transaction = inTransaction(
      db.pool,
      async (tx) => {
        await tx.query('INSERT INTO abort_probe VALUES (1)');
        setTimeout(() => stopping.abort(new Error('shutting down')), 300);
        await tx.query('SELECT pg_sleep(60)');
      },
      'BEGIN',
      stopping.signal,
    );
    await expect(transaction).rejects.toThrow('shutting down');
    expect(Date.now() - startedAt).toBeLessThan(10_000);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM abort_probe')).rows[0].n).toBe(0);
    await expect(inTransaction(db.pool, async () => 1, 'BEGIN', stopping.signal)).rejects.toThrow(
      'shutting down',
    );
  });

  it('leaves the slots of an aborted rollup or callback refresh marked for the next run', async () => {
    await upsertCalls(db.pool, [
      normaliseCall(
        exotelCall({ Status: 'no-answer', Details: { ...exotelCall().Details, Leg2Status: 'no-answer' } }),
      ),
    ]);
    const marked = async () => {
      const { rows } = await db.pool.query(
        `SELECT (SELECT count(*) FROM rollup_dirty_slots)::int AS rollups,
                (SELECT count(*) FROM callback_dirty_slots)::int AS callbacks`,
      );
      return rows[0] as { rollups: number; callbacks: number };
    };
    const before = await marked();
    expect(before.rollups).toBeGreaterThan(0);
    expect(before.callbacks).toBeGreaterThan(0);
    const stopped = AbortSignal.abort(new Error('shutting down'));
    await expect(refreshRollups(db.pool, { signal: stopped })).rejects.toThrow('shutting down');
    await expect(refreshCallbacks(db.pool, { signal: stopped })).rejects.toThrow('shutting down');
    expect(await marked()).toEqual(before);
    await refreshRollups(db.pool);
    await refreshCallbacks(db.pool);
    expect(await marked()).toEqual({ rollups: 0, callbacks: 0 });
  });

  it('lets only one collector hold an account lock, and frees it when the holder goes away', async () => {
    const first = await tryLockAccount(db.pool, 'acme');
    expect(first).not.toBeNull();
    const other = createPool(db.pool.options.connectionString as string);
    expect(await tryLockAccount(other, 'acme')).toBeNull();
    const differentAccount = await tryLockAccount(other, 'globex');
    expect(differentAccount).not.toBeNull();
    await first!.release();
    const second = await tryLockAccount(other, 'acme');
    expect(second).not.toBeNull();
    await second!.release();
    await differentAccount!.release();
    await other.end();
  });
});
