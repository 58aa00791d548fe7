import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createApp } from '../src/api/app';
import { queryRouter } from '../src/api/queryRoutes';
import { tagsRouter } from '../src/api/tagsRoutes';
import { exportTagCsv, importTagCsv } from '../src/tags/importFile';
import { migratedDatabase } from './harness/database';

const VIEWER = 'viewer-token-123';
const ADMIN = 'admin-token-456';
const AGENT = '+919800000001';
const EXOPHONE = '+918040000001';

describe('tags API, CSV import and hostile inputs on real PostgreSQL', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let server: Server;
  let base: string;
  const call = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
  };

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await pool.query(
      `INSERT INTO exophones (account_sid, sid, phone_number, region, raw) VALUES ('acme', 'X1', $1, 'KA', '{}')`,
      [EXOPHONE],
    );
    const app = createApp({
      routers: [
        tagsRouter({ pool, adminToken: ADMIN }),
        queryRouter({ pool, defaultTimeZone: 'Asia/Kolkata' }),
      ],
      metrics: new Registry(),
      readTokens: [VIEWER, ADMIN],
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await close();
  });

  it('needs a token to read and the admin token to write', async () => {
    expect((await call('GET', '/api/v1/tags', null)).status).toBe(401);
    expect((await call('GET', '/api/v1/tags', 'nope')).status).toBe(403);
    expect((await call('GET', '/api/v1/tags', VIEWER)).status).toBe(200);
    const denied = await call('PUT', `/api/v1/tags/targets/${encodeURIComponent(AGENT)}/team`, VIEWER, {
      value: 'Sales',
    });
    expect(denied.status).toBe(403);
    expect(
      (await call('DELETE', `/api/v1/tags/targets/${encodeURIComponent(AGENT)}/team`, VIEWER)).status,
    ).toBe(403);
    expect((await pool.query('SELECT count(*)::int AS n FROM tags')).rows[0].n).toBe(0);
  });

  it('sets, replaces, keeps history, and closes tags', async () => {
    const path = `/api/v1/tags/targets/${encodeURIComponent('09800000001')}/team`;
    expect(
      (await call('PUT', path, ADMIN, { value: 'Sales', validFrom: '2026-01-01T00:00:00+05:30' })).status,
    ).toBe(201);
    expect(
      (await call('PUT', path, ADMIN, { value: 'Sales', validFrom: '2026-01-02T00:00:00+05:30' })).body
        .changed,
    ).toBe(false);
    expect(
      (await call('PUT', path, ADMIN, { value: 'Support', validFrom: '2026-02-01T00:00:00+05:30' })).status,
    ).toBe(201);
    const conflict = await call('PUT', path, ADMIN, {
      value: 'Retention',
      validFrom: '2026-01-15T00:00:00+05:30',
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatch(/already has a value from 2026-01-31T18:30:00.000Z/);

    const history = await call(
      'GET',
      `/api/v1/tags/targets/${encodeURIComponent(AGENT)}/history?key=team`,
      VIEWER,
    );
    expect(history.body.history).toEqual([
      {
        target: AGENT,
        key: 'team',
        value: 'Sales',
        validFrom: '2025-12-31T18:30:00.000Z',
        validTo: '2026-01-31T18:30:00.000Z',
        source: 'manual',
      },
      {
        target: AGENT,
        key: 'team',
        value: 'Support',
        validFrom: '2026-01-31T18:30:00.000Z',
        validTo: null,
        source: 'manual',
      },
    ]);
    const asOfJanuary = await call(
      'GET',
      `/api/v1/tags/targets/${encodeURIComponent(AGENT)}?at=2026-01-10T00:00:00Z`,
      VIEWER,
    );
    expect((asOfJanuary.body.tags as { value: string }[]).map((t) => t.value)).toEqual(['Sales']);

    expect((await call('DELETE', `${path}?at=2026-03-01T00:00:00Z`, ADMIN)).status).toBe(200);
    expect((await call('DELETE', `${path}?at=2026-03-02T00:00:00Z`, ADMIN)).status).toBe(404);
    const now = await call('GET', `/api/v1/tags/targets/${encodeURIComponent(AGENT)}`, VIEWER);
    expect(now.body.tags).toEqual([]);
  });

  it('keeps ExoPhone-list region tags apart, with a manual tag winning', async () => {
    let tags = (await call('GET', `/api/v1/tags/targets/${encodeURIComponent(EXOPHONE)}`, VIEWER)).body.tags;
    expect(tags).toEqual([
      {
        target: EXOPHONE,
        key: 'region',
        value: 'KA',
        validFrom: null,
        validTo: null,
        source: 'exophone_list',
      },
    ]);
    await call('PUT', `/api/v1/tags/targets/${encodeURIComponent(EXOPHONE)}/region`, ADMIN, {
      value: 'South',
      validFrom: '2026-01-01T00:00:00Z',
    });
    tags = (await call('GET', `/api/v1/tags/targets/${encodeURIComponent(EXOPHONE)}`, VIEWER)).body.tags;
    expect(tags).toEqual([expect.objectContaining({ key: 'region', value: 'South', source: 'manual' })]);
    const keys = (await call('GET', '/api/v1/tags/keys', VIEWER)).body.keys;
    expect(keys).toEqual([
      { key: 'region', targets: 1, values: 2 },
      { key: 'team', targets: 1, values: 2 },
    ]);
    const values = (await call('GET', '/api/v1/tags/keys/region/values', VIEWER)).body.values;
    expect(values).toEqual([
      { value: 'KA', targetsNow: 1 },
      { value: 'South', targetsNow: 1 },
    ]);
  });

  it('lists with search and paging', async () => {
    for (let i = 2; i <= 6; i++) {
      await call('PUT', `/api/v1/tags/targets/${encodeURIComponent(`+91980000000${i}`)}/team`, ADMIN, {
        value: i % 2 ? 'Collections' : 'Onboarding',
      });
    }
    const page = await call('GET', '/api/v1/tags?key=team&limit=2&offset=1', VIEWER);
    expect(page.body.total).toBe(5);
    expect((page.body.items as { target: string }[]).map((t) => t.target)).toEqual([
      '+919800000003',
      '+919800000004',
    ]);
    const search = await call('GET', '/api/v1/tags?search=collect', VIEWER);
    expect((search.body.items as { value: string }[]).map((t) => t.value)).toEqual([
      'Collections',
      'Collections',
    ]);
  });

  it('rejects invalid tag input with a 400 that names the problem', async () => {
    const put = (target: string, key: string, body: unknown) =>
      call(
        'PUT',
        `/api/v1/tags/targets/${encodeURIComponent(target)}/${encodeURIComponent(key)}`,
        ADMIN,
        body,
      );
    expect((await put(AGENT, 'Team Name', { value: 'x' })).body.error).toMatch(/tag key "Team Name" must be/);
    expect((await put(AGENT, 'direction', { value: 'x' })).body.error).toMatch(/reserved/);
    // The plugin checks keys against the list the collector gives, so the two cannot disagree.
    const reserved = (await call('GET', '/api/v1/tags/keys', VIEWER)).body.reserved as string[];
    expect(reserved).toEqual(expect.arrayContaining(['direction', 'period', 'exophone']));
    for (const key of reserved)
      expect((await put(AGENT, key, { value: 'x' })).body.error).toMatch(/reserved/);
    expect((await put("1' OR '1'='1", 'team', { value: 'x' })).body.error).toMatch(/neither a phone number/);
    expect((await put(AGENT, 'team', { value: '' })).body.error).toMatch(/empty/);
    expect((await put(AGENT, 'team', { value: 'x', validFrom: 'yesterday' })).body.error).toMatch(/ISO 8601/);
    expect((await put(AGENT, 'team', '{"value":')).status).toBe(400);
    expect((await put(AGENT, 'team', { value: 'x'.repeat(9000) })).status).toBe(413);
    expect((await call('GET', '/api/v1/tags?limit=-1', VIEWER)).status).toBe(400);
  });

  it('imports CSV all-or-nothing with a per-row report, dry-run, and exports what re-imports unchanged', async () => {
    const before = (await pool.query('SELECT count(*)::int AS n FROM tags')).rows[0].n;
    const bad = await importTagCsv(
      pool,
      'target,key,value\n+919811111111,team,Sales\nnot-a-number,team,Sales\n',
      { dryRun: false, now: new Date() },
    );
    expect(bad.errors).toEqual([{ row: 3, error: expect.stringMatching(/neither a phone number/) }]);
    const dry = await importTagCsv(pool, 'target,key,value\n+919811111111,team,Sales\n', {
      dryRun: true,
      now: new Date(),
    });
    expect(dry).toMatchObject({ rows: 1, errors: [], written: 0, dryRun: true });
    expect(dry.changes).toEqual([expect.objectContaining({ row: 2, action: 'add', previous: null })]);
    expect((await pool.query('SELECT count(*)::int AS n FROM tags')).rows[0].n).toBe(before);
    const conflict = await importTagCsv(
      pool,
      `target,key,value,valid_from\n+919811111111,team,A,\n${AGENT},team,B,2026-01-20T00:00:00Z\n`,
      {
        dryRun: false,
        now: new Date(),
      },
    );
    expect(conflict.errors).toEqual([{ row: 3, error: expect.stringMatching(/nothing was written/) }]);
    expect((await pool.query('SELECT count(*)::int AS n FROM tags')).rows[0].n).toBe(before);
    const good = await importTagCsv(
      pool,
      'target,key,value\n+919811111111,team,Sales\nflow:42,product,"Loans, retail"\n',
      { dryRun: false, now: new Date() },
    );
    expect(good).toMatchObject({ rows: 2, errors: [], written: 2, dryRun: false });
    const csv = await exportTagCsv(pool);
    expect(csv).toContain('flow:42,product,"Loans, retail",');
    const again = await importTagCsv(pool, csv, { dryRun: false, now: new Date() });
    expect(again.errors).toEqual([]);
    expect(again.written).toBe(0);
  });

  it('imports CSV over HTTP: admin only, 400 with row errors, dry run and apply all-or-nothing', async () => {
    const count = async () => (await pool.query('SELECT count(*)::int AS n FROM tags')).rows[0].n as number;
    // Tags, and the rollup/health invalidations every tag write records in the same transaction.
    const snapshot = async () => ({
      tags: (await pool.query('SELECT target, key, value, valid_from, valid_to FROM tags ORDER BY id')).rows,
      dirty: (await pool.query('SELECT count(*)::int AS n FROM health_dirty_ranges')).rows[0].n as number,
    });
    const before = await snapshot();
    const T1 = '+919822222201';
    const T2 = '+919822222202';
    const T3 = '+919822222203';
    const importCsv = (token: string, body: unknown) => call('POST', '/api/v1/tags/import', token, body);

    const csv = `target,key,value,valid_from\n${T1},team,Sales,\n${T3},team,Support,\n${T1},team,Ops,2030-01-01T00:00:00Z\n`;
    expect((await importCsv(VIEWER, { csv })).status).toBe(403);
    expect((await call('POST', '/api/v1/tags/import', null, { csv })).status).toBe(401);
    expect((await importCsv(ADMIN, { csv: 42 })).status).toBe(400);
    expect((await importCsv(ADMIN, { csv, dryRun: 'yes' })).status).toBe(400);
    expect((await importCsv(ADMIN, '{"csv":')).status).toBe(400);
    expect((await importCsv(ADMIN, { csv: 'x'.repeat(9 * 1024 * 1024) })).status).toBe(413);

    const invalid = await importCsv(ADMIN, {
      csv: `target,key,value\n${T2},team,Sales\nnot-a-number,team,Sales\n${T2},Bad Key,x\n`,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('2 invalid row(s) of 3: nothing was written');
    expect(invalid.body.errors).toEqual([
      { row: 3, error: expect.stringMatching(/neither a phone number/) },
      { row: 4, error: expect.stringMatching(/tag key "Bad Key" must be/) },
    ]);
    expect(await snapshot()).toEqual(before);

    await call('PUT', `/api/v1/tags/targets/${encodeURIComponent(T3)}/team`, ADMIN, { value: 'Support' });
    const withT3 = await snapshot();
    const dry = await importCsv(ADMIN, { csv, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({
      dryRun: true,
      rows: 3,
      changes: [
        {
          row: 2,
          target: T1,
          key: 'team',
          previous: null,
          value: 'Sales',
          validFrom: expect.any(String),
          action: 'add',
        },
        {
          row: 3,
          target: T3,
          key: 'team',
          previous: 'Support',
          value: 'Support',
          validFrom: expect.any(String),
          action: 'unchanged',
        },
        // The file carries history: row 4 replaces row 2's value.
        {
          row: 4,
          target: T1,
          key: 'team',
          previous: 'Sales',
          value: 'Ops',
          validFrom: '2030-01-01T00:00:00.000Z',
          action: 'change',
        },
      ],
    });
    expect(await snapshot()).toEqual(withT3);

    // A valid file whose last row conflicts with later history: 409 naming the row, nothing written.
    await call('PUT', `/api/v1/tags/targets/${encodeURIComponent(T2)}/team`, ADMIN, {
      value: 'Later',
      validFrom: '2030-06-01T00:00:00Z',
    });
    const withT2 = await snapshot();
    const conflict = await importCsv(ADMIN, {
      csv: `target,key,value,valid_from\n${T1},team,Sales,\n${T2},team,Early,2030-01-01T00:00:00Z\n`,
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body.errors).toEqual([
      { row: 3, error: expect.stringMatching(/already has a value from 2030-06-01.*nothing was written/) },
    ]);
    expect(conflict.body.error).toMatch(/^row 3: /);
    const dryConflict = await importCsv(ADMIN, { csv: `target,key,value\n${T2},team,x\n`, dryRun: true });
    expect(dryConflict.status).toBe(409);
    expect(await snapshot()).toEqual(withT2);

    const applied = await importCsv(ADMIN, { csv });
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({ dryRun: false, rows: 3, written: 2 });
    expect(await count()).toBe(withT2.tags.length + 2);
    const history = (await call('GET', `/api/v1/tags/targets/${encodeURIComponent(T1)}/history`, VIEWER)).body
      .history as { value: string; validTo: string | null }[];
    expect(history.map((h) => [h.value, h.validTo])).toEqual([
      ['Sales', '2030-01-01T00:00:00.000Z'],
      ['Ops', null],
    ]);
  });

  it('answers a hostile corpus of query inputs with 400s that leak nothing and change nothing', async () => {
    const counts = async () =>
      (await pool.query('SELECT (SELECT count(*) FROM tags) AS t, (SELECT count(*) FROM exophones) AS x'))
        .rows[0];
    const before = await counts();
    const ok = {
      from: '2026-01-05T00:00:00Z',
      to: '2026-01-06T00:00:00Z',
      interval: '1h',
      metric: 'offered',
    };
    const corpus: unknown[] = [
      { ...ok, metric: "offered'; DROP TABLE calls; --" },
      { ...ok, groupBy: ["team'; DROP TABLE tags; --"] },
      { ...ok, groupBy: ['nosuchkey'] },
      { ...ok, filters: [{ key: 'tags->>0', values: ['x'] }] },
      { ...ok, filters: [{ key: 'exophone', values: ["' OR 1=1 --"] }] },
      { ...ok, filters: [{ key: 'direction', values: ['sideways'] }] },
      { ...ok, filters: [{ key: 'status', values: ['completed'] }] },
      { ...ok, interval: '1 hour; SELECT pg_sleep(10)' },
      { ...ok, timeZone: "Asia/Kolkata'; --" },
      { ...ok, from: '2026-01-06T00:00:00Z', to: '2026-01-05T00:00:00Z' },
      { ...ok, from: '2020-01-01T00:00:00Z' },
      { ...ok, interval: '1m', from: '2025-06-01T00:00:00Z' },
      { ...ok, serviceLevel: { defaultSeconds: 17 } },
      { ...ok, extra: 'field' },
      { ...ok, groupBy: ['a', 'b', 'c', 'd'] },
      [],
      'null',
    ];
    for (const body of corpus) {
      const res = await call('POST', '/api/v1/query', VIEWER, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toEqual(expect.any(String));
      expect(res.body.error).not.toMatch(/SELECT|pg_|at .*\.ts|relation|syntax/i);
    }
    const unknownKey = await call('POST', '/api/v1/query', VIEWER, { ...ok, groupBy: ['nosuchkey'] });
    expect(unknownKey.body.error).toBe('unknown tag key "nosuchkey": no tag uses it');
    // Hostile values are plain data: the query runs and simply matches nothing.
    const values = await call('POST', '/api/v1/query', VIEWER, {
      ...ok,
      filters: [{ key: 'team', values: ["x'); DROP TABLE tags; --"] }],
    });
    expect(values.status).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('serves the metric catalogue and the variable endpoints', async () => {
    const metrics = (await call('GET', '/api/v1/metrics', VIEWER)).body.metrics as {
      name: string;
      unit: string;
      formula: string;
    }[];
    expect(metrics.map((m) => m.name)).toEqual(
      expect.arrayContaining(['pickup_rate', 'uptime', 'service_level', 'incoming_trend']),
    );
    expect(metrics.find((m) => m.name === 'pickup_rate')).toMatchObject({
      unit: 'percentunit',
      formula: 'answered ÷ offered',
    });
    expect((await call('GET', '/api/v1/exophones', VIEWER)).body.exophones).toEqual([
      { number: EXOPHONE, name: null, region: 'KA' },
    ]);
    expect((await call('GET', '/api/v1/flows', VIEWER)).body.flows).toEqual(['42']);
    expect((await call('GET', '/api/v1/agents', VIEWER)).body.agents).toContain(AGENT);
    expect(
      (await call('GET', '/api/v1/annotations?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z', VIEWER))
        .body.annotations,
    ).toEqual([]);
    expect((await call('GET', '/api/v1/annotations?from=x', VIEWER)).status).toBe(400);
  });

  it('records who set a tag: the name the request sends, else the name Grafana’s data proxy adds', async () => {
    const path = `/api/v1/tags/targets/flow:9001/owner`;
    const put = (headers: Record<string, string>, value: string) =>
      fetch(base + path, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ value, validFrom: '2026-02-01T00:00:00+05:30' }),
      });
    expect((await put({ 'x-exowatch-actor': 'asha' }, 'Asha')).status).toBe(201);
    expect((await put({ 'x-grafana-user': 'ravi' }, 'Ravi')).status).toBe(201);
    // Setting the value it already has changes nothing and records nothing.
    expect((await put({ 'x-grafana-user': 'ravi' }, 'Ravi')).status).toBe(200);
    const { rows } = await pool.query(
      `SELECT actor, via, action, subject, summary FROM audit_log WHERE summary ->> 'key' = 'owner' ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        actor: 'asha',
        via: 'api',
        action: 'tag.set',
        subject: 'flow:9001',
        summary: { key: 'owner', value: 'Asha', validFrom: '2026-01-31T18:30:00.000Z' },
      },
      {
        actor: 'ravi',
        via: 'api',
        action: 'tag.set',
        subject: 'flow:9001',
        summary: { key: 'owner', value: 'Ravi', validFrom: '2026-01-31T18:30:00.000Z' },
      },
    ]);
  });
});
