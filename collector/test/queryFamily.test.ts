import type { MetricsResponse, QueryResponse } from '@exowatch/contract';
import type { Pool } from 'pg';
import { queryRouter } from '../src/api/queryRoutes';
import type { MetricFamily } from '../src/engine/family';
import type { Row } from '../src/engine/frames';
import { count, type MetricDef } from '../src/engine/metrics';
import { FamilyRegistry } from '../src/engine/registry';
import { builtinFamilies } from '../src/query/families';
import { listenApi, type TestApi } from './harness/api';
import { migratedDatabase } from './harness/database';

/**
 * A metric family added from outside: one metric read from a fixed table, registered next to the
 * built-in families without touching any of them or the engine. It must show in the catalogue and
 * answer queries (buckets, zone, request checks) like the built-in metrics.
 */
const TOKEN = 'viewer';
const HOUR = 3_600_000;
const START = Date.parse('2026-05-04T00:00:00Z');
/** (hour after START, callers waiting): two samples in hour 0, none in hour 1, one in hour 2. */
const SAMPLES: readonly [number, number][] = [
  [0.25, 3],
  [0.75, 4],
  [2.5, 9],
];

const QUEUE_WAITING: MetricDef = {
  name: 'queue_waiting',
  title: 'Callers waiting',
  description: 'Callers waiting in the queue, summed over the samples of each bucket.',
  formula: 'Σ waiting',
  unit: 'short',
  source: 'calls',
  series: [count('waiting')],
};

const queueFamily: MetricFamily = {
  name: 'queue',
  metrics: [QUEUE_WAITING],
  dimensions: () => ({}),
  async rows(client, spec) {
    const { rows } = await client.query<Row>(
      `SELECT width_bucket(at, $1::timestamptz[]) AS b, SUM(waiting)::int AS waiting
         FROM toy_queue_samples WHERE at >= $2 AND at < $3 GROUP BY 1`,
      [spec.buckets.map((b) => new Date(b)), new Date(spec.from), new Date(spec.to)],
    );
    return rows;
  },
};

describe('a metric family added through the registry', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let api: TestApi;
  const families = new FamilyRegistry([...builtinFamilies().families, queueFamily]);

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await pool.query('CREATE TABLE toy_queue_samples (at timestamptz NOT NULL, waiting int NOT NULL)');
    for (const [hours, waiting] of SAMPLES)
      await pool.query('INSERT INTO toy_queue_samples VALUES ($1, $2)', [
        new Date(START + hours * HOUR),
        waiting,
      ]);
    api = await listenApi([queryRouter({ pool, defaultTimeZone: 'UTC', families })], [TOKEN]);
  });
  afterAll(async () => {
    await api.close();
    await close();
  });

  const get = async (path: string) =>
    fetch(`${api.base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const query = async (body: unknown) =>
    fetch(`${api.base}/api/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const range = { from: START, to: START + 3 * HOUR, interval: '1h', metric: 'queue_waiting' };

  it('is listed in the catalogue after the built-in metrics, with tag keys as its only group-by', async () => {
    const { metrics } = (await (await get('/api/v1/metrics')).json()) as MetricsResponse;
    const names = metrics.map((m) => m.name);
    expect(names.slice(0, -1)).toEqual(builtinFamilies().metrics.map((m) => m.name));
    expect(names).toContain('calls');
    const { series: _series, ...info } = QUEUE_WAITING;
    expect(metrics.at(-1)).toEqual({ ...info, groupBy: ['<tag key>'] });
  });

  it('answers a query from its table, one point per bucket', async () => {
    const res = await query(range);
    expect(res.status).toBe(200);
    const { frames } = (await res.json()) as QueryResponse;
    expect(frames).toHaveLength(1);
    const [time, value] = frames[0]!.fields;
    expect(time!.values).toEqual([START, START + HOUR, START + 2 * HOUR]);
    expect(value).toMatchObject({ name: 'queue_waiting', values: [7, 0, 9], config: { unit: 'short' } });
  });

  it('cuts buckets in the requested zone like any metric', async () => {
    // A day bucket in Asia/Kolkata starts at midnight IST (18:30 UTC the day before): the samples,
    // 00:15 to 02:30 UTC, all fall in 2026-05-04 IST.
    const res = await query({ ...range, to: START + 6 * HOUR, interval: '1d', timeZone: 'Asia/Kolkata' });
    const { frames } = (await res.json()) as QueryResponse;
    expect(frames[0]!.fields[0]!.values).toEqual([START - 5.5 * HOUR]);
    expect(frames[0]!.fields[1]!.values).toEqual([16]);
  });

  it('refuses a built-in dimension it does not offer, and leaves the built-in metrics working', async () => {
    const refused = await query({ ...range, groupBy: ['exophone'] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'exophone does not apply to the queue_waiting metric' });
    const calls = await query({ ...range, metric: 'calls' });
    expect(calls.status).toBe(200);
    expect(((await calls.json()) as QueryResponse).frames[0]!.fields[1]!.values).toEqual([0, 0, 0]);
  });
});

describe('FamilyRegistry', () => {
  it('refuses two families defining the same metric', () => {
    expect(() => new FamilyRegistry([queueFamily, { ...queueFamily, name: 'other queue' }])).toThrow(
      'metric "queue_waiting" is defined by both the queue and other queue families',
    );
  });
});
