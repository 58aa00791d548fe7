import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { createApp } from '../src/api/app';
import { queryRouter } from '../src/api/queryRoutes';
import { createQueryLanes } from '../src/api/queryLanes';
import { DEFAULT_QUERY_CONCURRENCY } from '../src/config/schema';
import { createCollectorMetrics, type CollectorMetrics } from '../src/metrics/collector';
import { createMetricsRegistry } from '../src/metrics/registry';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createWebhookService, WEBHOOK_CONNECTIONS, type WebhookService } from '../src/webhooks';
import { ACCOUNT, eventually, passthruQuery } from './fixtures/webhookApp';
import { startTestCluster, type TestCluster } from './harness/postgres';

const TOKEN = 'viewer-token-0123456789';
/** More slow queries than the query pool has connections (10): without a bound they would take them all. */
const SLOW_QUERIES = 12;
const HISTORY_SLOTS = DEFAULT_QUERY_CONCURRENCY / 2;

/**
 * The collector's query API and webhooks as startCollector wires them (one process, the webhooks on a
 * pool of their own, the query API bounded by the slots of its lanes), with the query API saturated by
 * queries that cannot finish because each blocks on a lock a test holds. A Passthru webhook must still
 * be answered and stored, and a live query answered while history queries hold their lane.
 */
describe('the query API saturated by queries that cannot finish', () => {
  let cluster: TestCluster;
  let queries: Pool;
  let webhookPool: Pool;
  let lockPool: Pool;
  let service: WebhookService;
  let server: Server;
  let base: string;
  let journalDir: string;
  const lanes = createQueryLanes(DEFAULT_QUERY_CONCURRENCY);
  let metrics: CollectorMetrics;

  beforeAll(async () => {
    cluster = await startTestCluster();
    const url = await cluster.freshDatabase();
    queries = createPool(url);
    await migrate(queries);
    webhookPool = createPool(url, { max: WEBHOOK_CONNECTIONS });
    lockPool = createPool(url, { max: 1, application_name: 'lock holder' });
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-query-queue-'));
    const registry = createMetricsRegistry();
    metrics = createCollectorMetrics(registry);
    metrics.setSource('queryLanes', () =>
      Object.entries(lanes).map(([lane, slots]) => ({ lane, ...slots.counts() })),
    );
    service = createWebhookService({ pool: webhookPool, accounts: [ACCOUNT], journalDir, metrics });
    await service.start();
    const app = createApp({
      routers: [queryRouter({ pool: queries, defaultTimeZone: ACCOUNT.timeZone })],
      webhooks: service.handler,
      metrics: registry,
      readTokens: [TOKEN],
      queryLanes: lanes,
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await service.stop();
    await Promise.all([queries.end(), webhookPool.end(), lockPool.end()]);
    rmSync(journalDir, { recursive: true, force: true });
    await cluster.destroy();
  });

  /** `days` of calls up to 5 May by `interval`: the live lane for a day, the history lane beyond. */
  const query = (days = 1, interval = '1h') =>
    fetch(`${base}/api/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        metric: 'offered',
        interval,
        from: Date.UTC(2026, 4, 5) - days * 86_400_000,
        to: Date.UTC(2026, 4, 5),
      }),
    });
  const gauge = async (lane: string, state: string) => {
    const text = await metrics.registry.metrics();
    const line = new RegExp(
      `^exowatch_query_requests\\{lane="${lane}",state="${state}"\\} (\\d+)$`,
      'm',
    ).exec(text);
    return line ? Number(line[1]) : undefined;
  };
  const sessionsWaitingOnLock = async () =>
    Number(
      (
        await webhookPool.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE application_name = 'exowatch' AND wait_event_type = 'Lock' AND datname = current_database()`,
        )
      ).rows[0]!.n,
    );

  /**
   * Sends SLOW_QUERIES queries while `table` is locked, runs `during` once `blocked` of them wait on the
   * lock (`settled()` counts those answered so far), then unlocks: every query must be answered 200.
   */
  const whileLocked = async (
    table: string,
    send: () => Promise<Response>,
    blocked: number,
    during: (settled: () => number) => Promise<void>,
  ) => {
    const holder: PoolClient = await lockPool.connect();
    let answered: Response[] = [];
    try {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
      let settled = 0;
      const pending = Array.from({ length: SLOW_QUERIES }, () => send().finally(() => settled++));
      await eventually(async () => (await sessionsWaitingOnLock()) === blocked);
      await during(() => settled);
      await holder.query('COMMIT');
      answered = await Promise.all(pending);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
    expect(answered.map((r) => r.status)).toEqual(Array<number>(SLOW_QUERIES).fill(200));
  };

  it('answers and stores it while every query slot is blocked and more queries wait for one', async () => {
    await whileLocked(
      'rollup_settings',
      () => query(),
      DEFAULT_QUERY_CONCURRENCY,
      async (settled) => {
        expect(lanes.live.counts()).toEqual({
          active: DEFAULT_QUERY_CONCURRENCY,
          waiting: SLOW_QUERIES - DEFAULT_QUERY_CONCURRENCY,
        });
        expect(await gauge('live', 'waiting')).toBe(SLOW_QUERIES - DEFAULT_QUERY_CONCURRENCY);

        const hook = await fetch(
          `${base}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru?${passthruQuery('busy-1')}`,
        );
        expect(hook.status).toBe(200);
        await eventually(
          async () =>
            (await webhookPool.query(`SELECT 1 FROM passthru_events WHERE call_sid = 'busy-1'`)).rowCount ===
            1,
        );
        // Stored while no slow query has been answered, and the query pool was never exhausted.
        expect(settled()).toBe(0);
        expect(queries.waitingCount).toBe(0);
        expect(await sessionsWaitingOnLock()).toBe(DEFAULT_QUERY_CONCURRENCY);
      },
    );
    expect(lanes.live.counts()).toEqual({ active: 0, waiting: 0 });
  });

  it('answers a live query while history queries hold every slot of theirs and more wait', async () => {
    // A week by hour is summed from the hourly tag rollups (locked here: the query uses no ExoPhone,
    // flow, agent or period); a day by 5 minutes never reads them.
    await whileLocked(
      'call_rollup_tags_hourly',
      () => query(7),
      HISTORY_SLOTS,
      async (settled) => {
        expect(lanes.history.counts()).toEqual({
          active: HISTORY_SLOTS,
          waiting: SLOW_QUERIES - HISTORY_SLOTS,
        });
        expect(await gauge('history', 'active')).toBe(HISTORY_SLOTS);
        expect(await gauge('history', 'waiting')).toBe(SLOW_QUERIES - HISTORY_SLOTS);

        const live = await query(1, '5m');
        expect(live.status).toBe(200);
        expect(settled()).toBe(0);
      },
    );
    expect(lanes.history.counts()).toEqual({ active: 0, waiting: 0 });
    expect(await gauge('history', 'waiting')).toBe(0);
  });
});
