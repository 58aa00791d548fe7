/**
 * Runs the dashboards' read routes in worker threads (queryWorker.ts), one per query lane, and proxies
 * them from the main thread's HTTP server. A week of a team's calls is tens of thousands of rows to
 * parse, frame and serialise; on the main thread that held its event loop for up to a second at a
 * time, and Exotel's Passthru, answered by the same loop, waited (bench:load: p99 4 s). With one
 * worker for both lanes, a month of history being serialised held up the NOC screens' answers in
 * turn; each lane's worker has its own loop and pool. The main thread only streams the bytes. A
 * worker that dies is replaced; meanwhile its routes answer 503.
 */
import type { Request, RequestHandler } from 'express';
import { randomBytes } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { log } from '../log';
import { laneSlots, type Lane } from './queryLanes';
import { WORKER_KEY_HEADER, type QueryWorkerData, type QueryWorkerMessage } from './queryWorker';

export interface QueryThread {
  /** Proxies a request to the worker (mount after the main thread's own routes). */
  handler: RequestHandler;
  /** The worker running now (null while one is being replaced). */
  worker(): Worker | null;
  /** The worker's loopback port (null while one is being replaced). */
  port(): number | null;
  stop(): Promise<void>;
}

const RESPAWN_DELAY_MS = 1_000;
/** Headers of one connection, not of the request: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection'];

function withoutHopByHop<T extends IncomingHttpHeaders>(headers: T): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = { ...headers };
  for (const name of HOP_BY_HOP) delete kept[name];
  return kept;
}

/** Built code runs the worker's .js; tests run from source, where the worker needs ts-node to load. */
function workerEntry(): { file: string; execArgv: string[] } {
  const ext = extname(__filename);
  return {
    file: join(__dirname, `queryWorker${ext}`),
    execArgv: ext === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [],
  };
}

/**
 * The body express.json already read from `req` (the lane choice reads a query's body), if any: body-parser
 * 2 leaves `req.body` undefined unless it parsed one.
 */
function parsedBody(req: Request): Buffer | undefined {
  return req.body !== undefined ? Buffer.from(JSON.stringify(req.body)) : undefined;
}

export async function startQueryThread(settings: Omit<QueryWorkerData, 'key'>): Promise<QueryThread> {
  const data: QueryWorkerData = { ...settings, key: randomBytes(24).toString('hex') };
  const entry = workerEntry();
  const agent = new Agent({ keepAlive: true });
  let port: number | null = null;
  let worker: Worker | null = null;
  let stopping = false;

  const spawn = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = new Worker(entry.file, { workerData: data, execArgv: entry.execArgv });
      worker = started;
      started.once('message', (message: QueryWorkerMessage) => {
        port = message.listening;
        resolve();
      });
      started.on('error', (error) => log.error({ err: error.message }, 'query worker failed'));
      started.once('exit', (code) => {
        port = null;
        worker = null;
        reject(new Error(`the query worker exited (${code}) before it listened`));
        if (stopping) return;
        log.error({ code }, 'query worker exited; starting another');
        setTimeout(() => {
          if (!stopping) spawn().catch((error: Error) => log.error({ err: error.message }, 'query worker'));
        }, RESPAWN_DELAY_MS).unref();
      });
    });
  await spawn();

  const handler: RequestHandler = (req, res) => {
    if (port === null) {
      res.status(503).json({ error: 'the query worker is restarting; retry shortly' });
      return;
    }
    const body = parsedBody(req);
    const headers = withoutHopByHop(req.headers);
    if (body) headers['content-length'] = String(body.length);
    headers[WORKER_KEY_HEADER] = data.key;
    const upstream = request(
      { host: '127.0.0.1', port, method: req.method, path: req.originalUrl, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (res.headersSent) res.destroy(error);
      else res.status(502).json({ error: 'the query worker did not answer' });
    });
    // A dashboard closed mid-request: stop the worker's side too (and free the lane's slot).
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };

  return {
    handler,
    worker: () => worker,
    port: () => port,
    async stop() {
      stopping = true;
      agent.destroy();
      await worker?.terminate();
    },
  };
}

export interface QueryThreads {
  /** Proxies a request to its lane's worker (`res.locals.lane`, set by the app's lane queue; live without). */
  handler: RequestHandler;
  threads: Record<Lane, QueryThread>;
  stop(): Promise<void>;
}

/** A worker per lane, each with a pool the size of its lane's slots (api/queryLanes.ts). */
export async function startQueryThreads(
  data: Omit<QueryWorkerData, 'poolSize' | 'key'>,
  concurrency: number,
): Promise<QueryThreads> {
  const slots = laneSlots(concurrency);
  const [live, history] = await Promise.all(
    (['live', 'history'] as const).map((lane) => startQueryThread({ ...data, poolSize: slots[lane] })),
  );
  const threads: Record<Lane, QueryThread> = { live: live!, history: history! };
  return {
    threads,
    handler: (req, res, next) =>
      threads[(res.locals.lane as Lane | undefined) ?? 'live'].handler(req, res, next),
    async stop() {
      await Promise.all(Object.values(threads).map((thread) => thread.stop()));
    },
  };
}
