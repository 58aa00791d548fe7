import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type Express } from 'express';
import { createApp } from '../src/api/app';
import { callbacksRouter } from '../src/api/callbacksRoutes';
import { createQueryLanes } from '../src/api/queryLanes';
import { queryRouter } from '../src/api/queryRoutes';
import { startQueryThreads, type QueryThreads } from '../src/api/queryThread';
import { createMetricsRegistry } from '../src/metrics/registry';
import { eventually } from './fixtures/webhookApp';
import { migratedDatabase, type MigratedDatabase } from './harness/database';

const TOKEN = 'viewer-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const ZONE = 'Asia/Kolkata';
const NOW = Date.UTC(2026, 4, 5, 12);

/**
 * The dashboards' routes served by the query worker threads behind the collector's app (as
 * startCollector mounts them), against the same routes served in-process on the same database.
 */
describe('the query worker threads', () => {
  let db: MigratedDatabase;
  let threads: QueryThreads;
  const servers: Server[] = [];
  let proxied: string;
  let direct: string;

  const listen = async (app: Express) => {
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    db = await migratedDatabase();
    await db.pool.query(
      `INSERT INTO tags (target, key, value, valid_from) VALUES ('08040000001', 'team', 'sales', '2026-01-01')`,
    );
    threads = await startQueryThreads(
      {
        databaseUrl: db.pool.options.connectionString!,
        defaultTimeZone: ZONE,
        adminToken: ADMIN,
        fixedNow: NOW,
      },
      2,
    );
    const common = { metrics: createMetricsRegistry(), readTokens: [TOKEN, ADMIN] };
    proxied = await listen(
      createApp({
        ...common,
        routers: [Router().use('/api/v1', threads.handler)],
        queryLanes: createQueryLanes(2),
      }),
    );
    const now = () => new Date(NOW);
    direct = await listen(
      createApp({
        ...common,
        routers: [
          queryRouter({ pool: db.pool, defaultTimeZone: ZONE, now }),
          callbacksRouter({ pool: db.pool, adminToken: ADMIN, now }),
        ],
      }),
    );
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await threads.stop();
    await db.close();
  });

  const get = (base: string, path: string) =>
    fetch(`${base}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const post = (base: string, body: string) =>
    fetch(`${base}/api/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body,
    });
  const answer = async (res: Promise<Response>) => {
    const r = await res;
    return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
  };

  it('answers every dashboard route as the in-process routes do', async () => {
    const query = JSON.stringify({
      metric: 'pickup_rate',
      interval: '1h',
      groupBy: ['team'],
      from: NOW - 7 * 86_400_000,
      to: NOW,
      timeZone: ZONE,
    });
    for (const path of [
      '/api/v1/metrics',
      '/api/v1/exophones',
      `/api/v1/annotations?from=${NOW - 86_400_000}&to=${NOW}`,
      '/api/v1/callbacks/open',
    ]) {
      const through = await answer(get(proxied, path));
      expect(through.status).toBe(200);
      expect(through).toEqual(await answer(get(direct, path)));
    }
    const through = await answer(post(proxied, query));
    expect(through.status).toBe(200);
    expect(JSON.parse(through.body)).toHaveProperty('frames');
    expect(through).toEqual(await answer(post(direct, query)));
  });

  it('refuses requests that reach a worker past the main thread, even with a valid token', async () => {
    const port = threads.threads.live.port()!;
    const res = await get(`http://127.0.0.1:${port}`, '/api/v1/metrics');
    expect(res.status).toBe(403);
    const forged = await fetch(`http://127.0.0.1:${port}/api/v1/metrics`, {
      headers: { authorization: `Bearer ${TOKEN}`, 'x-exowatch-worker-key': 'guess' },
    });
    expect(forged.status).toBe(403);
  });

  it('passes refusals through unchanged', async () => {
    const bad = JSON.stringify({ metric: 'no_such_metric', interval: '1h', from: NOW - 1, to: NOW });
    const refused = await answer(post(proxied, bad));
    expect(refused.status).toBe(400);
    expect(refused).toEqual(await answer(post(direct, bad)));
    expect((await answer(post(proxied, '{not json'))).status).toBe(400);
    expect((await answer(get(proxied, '/api/v1/callbacks/open?limit=0'))).status).toBe(400);
    expect((await answer(get(proxied, '/api/v1/nothing-here'))).status).toBe(404);
  });

  it('serves each lane from its own worker, and replaces a worker that dies (503 until the new one listens)', async () => {
    const week = JSON.stringify({ metric: 'offered', interval: '1d', from: NOW - 7 * 86_400_000, to: NOW });
    const hour = JSON.stringify({ metric: 'offered', interval: '5m', from: NOW - 3_600_000, to: NOW });
    const first = threads.threads.history.worker()!;
    await first.terminate();
    // The history lane's worker is down: its requests are refused, the live lane's answered.
    expect((await post(proxied, week)).status).toBe(503);
    expect((await get(proxied, '/api/v1/callbacks/open')).status).toBe(503);
    expect((await post(proxied, hour)).status).toBe(200);
    expect((await get(proxied, '/api/v1/metrics')).status).toBe(200);
    await eventually(async () => (await post(proxied, week)).status === 200);
    expect(threads.threads.history.worker()).not.toBe(first);
  });
});

describe('queryWorker.ts on a worker thread that is not a query worker', () => {
  // The benches' Passthru thread imports it (through queryThread.ts): it once tried to serve there.
  it('is imported without serving', async () => {
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       require(${JSON.stringify(join(__dirname, '../src/api/queryWorker.ts'))});
       parentPort.postMessage('imported');`,
      { eval: true, execArgv: ['--require', 'ts-node/register/transpile-only'], workerData: { rate: 200 } },
    );
    const outcome = await new Promise<unknown>((resolve) => {
      worker.once('message', resolve);
      worker.once('error', (error) => resolve(String(error)));
    });
    await worker.terminate();
    expect(outcome).toBe('imported');
  });
});
