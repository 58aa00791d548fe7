import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { calendarsRouter } from '../src/api/calendarsRoutes';
import { privacyRouter } from '../src/api/privacyRoutes';
import { tagsRouter } from '../src/api/tagsRoutes';
import { normaliseCall } from '../src/normalise';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { exotelCall } from './fixtures/exotelCall';
import { listenApi, type TestApi } from './harness/api';
import { databaseFingerprint } from './harness/findNumber';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * An admin change and its audit_log row commit together or not at all (docs/privacy.md, "The audit
 * log"): through the real admin API on real PostgreSQL, an audit row that cannot be written leaves the
 * change undone, and a change that fails leaves no audit row.
 */
const ADMIN = 'admin-token-0123456789';
const NOW = new Date('2026-03-01T06:30:00Z');
const AGENT = '09800000001';
const OFFICE = {
  name: 'Office hours',
  rules: { timeZone: 'Asia/Kolkata', week: { mon: [{ from: '09:00', to: '18:00' }] }, holidays: [] },
  validFrom: '2026-01-01T00:00:00+05:30',
  assignments: ['default'],
};
const HOLIDAYS = 'date,name\n2026-03-04,Holi\n';

/** One of each audited admin change, as an operator sends it. */
const CHANGES: { action: string; ok: number; method: string; path: string; body?: unknown; type?: string }[] =
  [
    {
      action: 'tag.set',
      ok: 201,
      method: 'PUT',
      path: `/api/v1/tags/targets/${AGENT}/team`,
      body: { value: 'Support', validFrom: '2026-02-01T00:00:00+05:30' },
    },
    {
      action: 'tag.import',
      ok: 200,
      method: 'POST',
      path: '/api/v1/tags/import',
      body: { csv: 'target,key,value,valid_from\n09800000002,team,Sales,2026-02-01T00:00:00+05:30\n' },
    },
    {
      action: 'calendar.write',
      ok: 200,
      method: 'PUT',
      path: '/api/v1/calendars/office',
      body: { ...OFFICE, name: 'Office', validFrom: '2026-02-01T00:00:00+05:30' },
    },
    {
      action: 'calendar.holiday_import',
      ok: 200,
      method: 'POST',
      path: '/api/v1/calendars/office/holidays/import',
      body: HOLIDAYS,
      type: 'text/csv',
    },
    {
      action: 'privacy.erase',
      ok: 200,
      method: 'POST',
      path: '/api/v1/privacy/erase',
      body: { number: '09901320691' },
    },
    {
      action: 'tag.close',
      ok: 200,
      method: 'DELETE',
      path: `/api/v1/tags/targets/${AGENT}/team?at=2026-02-15T00:00:00Z`,
    },
    { action: 'calendar.delete', ok: 200, method: 'DELETE', path: '/api/v1/calendars/office' },
  ];

describe('audit rows in the transaction of the change they record', () => {
  let cluster: TestCluster;
  let pool: Pool;
  let api: TestApi;
  let journalDir: string;

  const send = async (change: Omit<(typeof CHANGES)[number], 'action' | 'ok'>) => {
    const res = await fetch(api.base + change.path, {
      method: change.method,
      headers: {
        authorization: `Bearer ${ADMIN}`,
        'x-exowatch-actor': 'asha',
        ...(change.body !== undefined ? { 'content-type': change.type ?? 'application/json' } : {}),
      },
      body:
        change.body === undefined
          ? undefined
          : typeof change.body === 'string'
            ? change.body
            : JSON.stringify(change.body),
    });
    return res.status;
  };
  const actions = async () =>
    (await pool.query<{ action: string }>('SELECT action FROM audit_log ORDER BY id')).rows.map(
      (r) => r.action,
    );

  beforeAll(async () => {
    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    await migrate(pool);
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-audit-'));
    api = await listenApi(
      [
        tagsRouter({ pool, adminToken: ADMIN, now: () => NOW }),
        calendarsRouter({ pool, adminToken: ADMIN, now: () => NOW }),
        privacyRouter({ pool, adminToken: ADMIN, journalDir, now: () => NOW }),
      ],
      [ADMIN],
    );
    // A customer's call (Call Details example, fixtures/exotelCall.ts) for the erasure.
    await upsertCalls(pool, [
      normaliseCall(exotelCall({ Sid: 'c1' }), { timeZone: 'Asia/Kolkata', accountSid: 'acme' }),
    ]);
    expect(await send({ method: 'PUT', path: '/api/v1/calendars/office', body: OFFICE })).toBe(201);
    expect(
      await send({
        method: 'PUT',
        path: `/api/v1/tags/targets/${AGENT}/team`,
        body: { value: 'Sales', validFrom: '2026-01-01T00:00:00+05:30' },
      }),
    ).toBe(201);
  });
  afterAll(async () => {
    await api.close();
    await pool.end();
    await cluster.destroy();
    rmSync(journalDir, { recursive: true, force: true });
  });

  it('leaves every change undone when its audit row cannot be written', async () => {
    await pool.query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log refuses rows'; END $$`);
    await pool.query(
      'CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()',
    );
    const before = await databaseFingerprint(pool, []);
    for (const change of CHANGES) {
      expect([change.action, await send(change)]).toEqual([change.action, 500]);
      expect(await databaseFingerprint(pool, [])).toEqual(before);
    }
    await pool.query('DROP TRIGGER refuse_audit ON audit_log');
  });

  it('writes no audit row for a change that fails', async () => {
    const before = await actions();
    const failing = [
      { method: 'DELETE', path: '/api/v1/calendars/nowhere' },
      { method: 'POST', path: '/api/v1/calendars/nowhere/holidays/import', body: HOLIDAYS, type: 'text/csv' },
      // Earlier than the tag's history: a conflict, rolled back.
      {
        method: 'POST',
        path: '/api/v1/tags/import',
        body: { csv: `target,key,value,valid_from\n${AGENT},team,Ops,2025-12-01T00:00:00+05:30\n` },
      },
    ];
    expect(await Promise.all(failing.map(send))).toEqual([404, 404, 409]);
    expect(await actions()).toEqual(before);
  });

  it('commits each change with exactly its own audit row', async () => {
    for (const change of CHANGES) {
      const before = await actions();
      expect([change.action, await send(change)]).toEqual([change.action, change.ok]);
      expect(await actions()).toEqual([...before, change.action]);
    }
    expect((await pool.query('SELECT count(*)::int AS n FROM calendars')).rows[0].n).toBe(0);
    expect((await pool.query(`SELECT from_number FROM calls WHERE sid = 'c1'`)).rows[0].from_number).toMatch(
      /^c_[0-9a-f]{16}$/,
    );
  });
});
