/**
 * The query worker's entry (run by queryThread.ts in a worker thread): the dashboards' read routes
 * (POST /api/v1/query, annotations, metric and variable lists, the callback worklist) on a pool of its
 * own, served on a loopback port only the collector's main thread proxies to. Everything a dashboard
 * costs in JavaScript (parsing rows, building frames, serialising answers) runs here, so the main
 * thread's event loop stays free for Exotel's webhooks.
 */
import express from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createPool } from '../store/db';
import { callbacksRouter } from './callbacksRoutes';
import { queryRouter } from './queryRoutes';

/** What the main thread gives the worker (structured-clone safe). */
export interface QueryWorkerData {
  databaseUrl: string;
  poolSize: number;
  defaultTimeZone: string;
  /** Unmasks customer numbers in the worklist for requests carrying it (the main thread checked the token). */
  adminToken: string;
  /** A fixed "now" (epoch ms) instead of the clock's, for benches over fixed data. */
  fixedNow?: number;
  /**
   * The secret the main thread sends as WORKER_KEY_HEADER: the port is on loopback, and without it any
   * local process could read the query API past the main thread's token check.
   */
  key: string;
}

export const WORKER_KEY_HEADER = 'x-exowatch-worker-key';

/** The worker's messages to the main thread. */
export type QueryWorkerMessage = { listening: number };

function serve(data: QueryWorkerData): void {
  const pool = createPool(data.databaseUrl, { max: data.poolSize, application_name: 'exowatch-query' });
  const clock = data.fixedNow !== undefined ? { now: () => new Date(data.fixedNow!) } : {};
  const app = express();
  app.disable('x-powered-by');
  const key = Buffer.from(data.key);
  app.use((req, res, next) => {
    const sent = Buffer.from(req.get(WORKER_KEY_HEADER) ?? '');
    if (sent.length === key.length && timingSafeEqual(sent, key)) next();
    else res.status(403).json({ error: 'only the collector talks to its query worker' });
  });
  app.use(queryRouter({ pool, defaultTimeZone: data.defaultTimeZone, ...clock }));
  app.use(callbacksRouter({ pool, adminToken: data.adminToken, ...clock }));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    parentPort!.postMessage({
      listening: (server.address() as AddressInfo).port,
    } satisfies QueryWorkerMessage);
  });
  // The collector's agent keeps its sockets to this server open between requests. Node's server
  // closes an idle one after 5 s by default, which races a request the agent sends on it at that
  // moment: the request fails with ECONNRESET (a dashboard refreshed 5 s after the last got a 502).
  // Idle sockets stay open; the agent closes them when the collector stops.
  server.keepAliveTimeout = 0;
}

// A worker started on this file serves. Anywhere else it is imported for its types and header name
// only: on the main thread, and on any other worker thread whose modules import queryThread.ts (the
// benches' Passthru thread does), where serving would fail on that worker's data, or worse, listen.
if (!isMainThread && require.main === module) serve(workerData as QueryWorkerData);
