import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool, PoolClient } from 'pg';
import { createApp } from '../src/api/app';
import { queryRouter } from '../src/api/queryRoutes';
import { createQuerySlots } from '../src/api/querySlots';
import { DEFAULT_QUERY_CONCURRENCY } from '../src/config/schema';
import { createCollectorMetrics } from '../src/metrics/collector';
import { createMetricsRegistry } from '../src/metrics/registry';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { createWebhookService, WEBHOOK_CONNECTIONS, type WebhookService } from '../src/webhooks';
import { ACCOUNT, eventually, passthruQuery } from './fixtures/webhookApp';
import { startTestCluster, type TestCluster } from './harness/postgres';

const TOKEN = 'viewer-token-0123456789';
/** More slow queries than the query pool has connections (10): without a bound they would take them all. */
const SLOW_QUERIES = 12;

/**
 * The collector's query API and webhooks as startCollector wires them (one process, the webhooks on a
 * pool of their own, the query API bounded by query slots), with the query API saturated by queries
 * that cannot finish: every one of them blocks on a lock held on rollup_settings, which each query
 * reads first. A Passthru webhook must still be answered and stored while all of them are pending.
 */
describe('a Passthru webhook while the query API is saturated', () => {
  let cluster: TestCluster;
  let queries: Pool;
  let webhookPool: Pool;
  let lockPool: Pool;
  let service: WebhookService;
  let server: Server;
  let base: string;
  let journalDir: string;
  const slots = createQuerySlots(DEFAULT_QUERY_CONCURRENCY);

  beforeAll(async () => {
    cluster = await startTestCluster();
    const url = await cluster.freshDatabase();
    queries = createPool(url);
    await migrate(queries);
    webhookPool = createPool(url, { max: WEBHOOK_CONNECTIONS });
    lockPool = createPool(url, { max: 1, application_name: 'lock holder' });
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-query-queue-'));
    const registry = createMetricsRegistry();
    service = createWebhookService({
      pool: webhookPool,
      accounts: [ACCOUNT],
      journalDir,
      metrics: createCollectorMetrics(registry),
    });
    await service.start();
    const app = createApp({
      routers: [queryRouter({ pool: queries, defaultTimeZone: ACCOUNT.timeZone })],
      webhooks: service.handler,
      metrics: registry,
      readTokens: [TOKEN],
      querySlots: slots,
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

  const query = () =>
    fetch(`${base}/api/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        metric: 'offered',
        interval: '1h',
        from: '2026-05-04T00:00:00Z',
        to: '2026-05-05T00:00:00Z',
      }),
    });
  const sessionsWaitingOnLock = async () =>
    Number(
      (
        await webhookPool.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity
           WHERE application_name = 'exowatch' AND wait_event_type = 'Lock' AND datname = current_database()`,
        )
      ).rows[0]!.n,
    );

  it('answers and stores it while every query slot is blocked and more queries wait for one', async () => {
    const holder: PoolClient = await lockPool.connect();
    let answered: Response[] = [];
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE rollup_settings IN ACCESS EXCLUSIVE MODE');
      let settled = 0;
      const pending = Array.from({ length: SLOW_QUERIES }, () => query().finally(() => settled++));
      await eventually(async () => (await sessionsWaitingOnLock()) === DEFAULT_QUERY_CONCURRENCY);
      expect(slots.counts()).toEqual({
        active: DEFAULT_QUERY_CONCURRENCY,
        waiting: SLOW_QUERIES - DEFAULT_QUERY_CONCURRENCY,
      });

      const hook = await fetch(
        `${base}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru?${passthruQuery('busy-1')}`,
      );
      expect(hook.status).toBe(200);
      await eventually(
        async () =>
          (await webhookPool.query(`SELECT 1 FROM passthru_events WHERE call_sid = 'busy-1'`)).rowCount === 1,
      );
      // Stored while no slow query has been answered, and the query pool was never exhausted.
      expect(settled).toBe(0);
      expect(queries.waitingCount).toBe(0);
      expect(await sessionsWaitingOnLock()).toBe(DEFAULT_QUERY_CONCURRENCY);

      await holder.query('COMMIT');
      answered = await Promise.all(pending);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
    expect(answered.map((r) => r.status)).toEqual(Array<number>(SLOW_QUERIES).fill(200));
    expect(slots.counts()).toEqual({ active: 0, waiting: 0 });
  });
});
