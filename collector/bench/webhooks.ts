// Passthru webhook benchmark (`npm run bench:webhooks`). The server under test runs in a child process
// (this file with `serve`), autocannon drives it over loopback from this one. Figures:
//   webhook_vs_bare_express  Passthru requests/s ÷ a bare express handler's, same machine, same run:
//                            the median over alternating rounds (>= 0.8)
//   webhook_p99_at_2000rps   p99 latency at a fixed 2,000 requests/s (<= 25 ms)
//   webhook_events_lost      200-answered Passthru events missing from the database afterwards (= 0)
//   passthru_visible_in_query_p99  from a Passthru request being answered to its call showing, with its
//                            flow and agent, in POST /api/v1/query, at 500 events/s (<= 2000 ms)
// BENCH_SECONDS shortens the load runs (default 10 s each; the freshness run takes twice that).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Pool } from 'pg';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import autocannon from 'autocannon';
import express, { Router } from 'express';
import { createApp } from '../src/api/app';
import type { Frame } from '../src/engine/frames';
import { createCollectorMetrics } from '../src/metrics/collector';
import { createMetricsRegistry } from '../src/metrics/registry';
import { createPool } from '../src/store/db';
import { createLocalCluster } from '../src/store/localCluster';
import { migrate } from '../src/store/migrate';
import { answerLoadWatch } from './collectorLoad';
import { quantile, reportBench } from './report';
import { createWebhookService, WEBHOOK_CONNECTIONS } from '../src/webhooks/service';
import { createQueryLanes } from '../src/api/queryLanes';
import { startQueryThreads } from '../src/api/queryThread';
import { DEFAULT_QUERY_CONCURRENCY } from '../src/config/schema';

export const ACCOUNT = { sid: 'bench', timeZone: 'Asia/Kolkata', webhookSecret: 'bench-secret-0123456789' };
const PASSTHRU_QUERY =
  'CallFrom=09901320691&CallTo=08069891522&Direction=incoming&Created=Wed%2C+31+Jul+2024+16%3A42%3A56' +
  '&DialCallDuration=0&StartTime=2024-07-31+16%3A42%3A56&EndTime=1970-01-01+05%3A30%3A00&CallType=call-attempt' +
  '&DialWhomNumber=&flow_id=11754&tenant_id=1409&From=09901320691&To=08069891522' +
  '&CurrentTime=2024-07-31+16%3A43%3A02&digits=%22215250%22';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
export const QUERY_TOKEN = 'bench-token-0123456789';
/** The callbacks API's admin token (nobody sends it: the worklist answers with customers masked). */
const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const FRESHNESS_RATE = 500;
/** Alternating bare/webhook throughput rounds. */
const ROUNDS = 3;
/** One request in this many is a probe with a flow and agent of its own, looked for in the query API. */
const PROBE_EVERY = 50;

/** `now` (ISO), when given, is the query API's "now" instead of the clock's (bench:load's data ends then). */
async function serve(mode: string, databaseUrl: string, journalDir: string, now?: string): Promise<void> {
  // The bench that forked this server is gone (it crashed or was killed before stopping it): leave
  // with it rather than keep its port and database connections for good.
  process.once('disconnect', () => process.exit(0));
  let app: express.Express;
  if (mode === 'bare') {
    app = express();
    app.get('/webhooks/:accountSid/:secret/passthru', (_req, res) => {
      res.json({ status: 'accepted' });
    });
  } else {
    // Pools, query lanes and the query worker as startCollector sets them up.
    const webhookPool = createPool(databaseUrl, { max: WEBHOOK_CONNECTIONS });
    const registry = createMetricsRegistry();
    const service = createWebhookService({
      pool: webhookPool,
      accounts: [ACCOUNT],
      journalDir,
      metrics: createCollectorMetrics(registry),
    });
    await service.start();
    const queries = await startQueryThreads(
      {
        databaseUrl,
        defaultTimeZone: ACCOUNT.timeZone,
        adminToken: ADMIN_TOKEN,
        ...(now ? { fixedNow: Date.parse(now) } : {}),
      },
      DEFAULT_QUERY_CONCURRENCY,
    );
    app = createApp({
      routers: [Router().use('/api/v1', queries.handler)],
      webhooks: service.handler,
      metrics: registry,
      readTokens: [QUERY_TOKEN],
      queryLanes: createQueryLanes(DEFAULT_QUERY_CONCURRENCY),
    });
    answerLoadWatch({ webhooks: webhookPool }, registry);
  }
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
}

export function startServer(
  mode: string,
  databaseUrl: string,
  journalDir: string,
  now?: Date,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(
    __filename,
    ['serve', mode, databaseUrl, journalDir, ...(now ? [now.toISOString()] : [])],
    {
      env: { ...process.env, NODE_ENV: 'production' },
      execArgv: extname(__filename) === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [],
    },
  );
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
  });
}

/** Stops a server of startServer; one already stopped is left as it is. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

function load(
  port: number,
  prefix: string,
  options: Partial<autocannon.Options>,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru?CallSid=${prefix}[<id>]&${PASSTHRU_QUERY}`,
    idReplacement: true,
    duration: DURATION_S,
    connections: 50,
    ...options,
  });
}

/**
 * Passthru at FRESHNESS_RATE events/s for calls the store already holds (as a sync would have left
 * them, not yet attributed); every PROBE_EVERY-th names a flow and agent of its own. The query API is
 * polled back to back for the last hour's calls by flow and agent; each probe's latency runs from its
 * 200 to the end of the first poll whose answer shows it. Probes never seen count as Infinity.
 */
async function passthruFreshness(pool: Pool, port: number): Promise<number[]> {
  const count = FRESHNESS_RATE * DURATION_S * 2;
  await pool.query(
    `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number, status, direction, payload_rest)
     SELECT 'fresh-' || i, now() - interval '1 minute', 'bench', '+918069891522', '+919901320691', '+918069891522',
            'in-progress', 'inbound', '{}'
     FROM generate_series(0, $1::int - 1) i`,
    [count],
  );
  // Statistics as autovacuum keeps them in a running collector (the throughput runs just added
  // ~100k Passthru rows the planner has not seen yet).
  await pool.query('ANALYZE calls, passthru_events');
  const base = `http://127.0.0.1:${port}`;
  const answeredAt = new Map<string, number>();
  const seenAt = new Map<string, number>();
  const send = async (i: number) => {
    const probe = i % PROBE_EVERY === 0;
    const flow = probe ? `probe${i}` : '11754';
    const agent = probe ? `098${String(i).padStart(8, '0')}` : '09800000001';
    const res = await fetch(
      `${base}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru?CallSid=fresh-${i}&flow_id=${flow}` +
        `&DialWhomNumber=${agent}&CallFrom=09901320691&CallTo=08069891522&Direction=incoming&CallType=call-attempt`,
    );
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`Passthru answered ${res.status}`);
    if (probe) answeredAt.set(flow, performance.now());
  };
  const poll = async () => {
    const now = Date.now();
    const res = await fetch(`${base}/api/v1/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${QUERY_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        metric: 'calls',
        interval: 'all',
        groupBy: ['flow', 'agent'],
        from: new Date(now - 3_600_000).toISOString(),
        to: new Date(now + 60_000).toISOString(),
      }),
    });
    if (!res.ok) throw new Error(`query answered ${res.status}: ${await res.text()}`);
    const frame = ((await res.json()) as { frames: Frame[] }).frames[0]!;
    const at = performance.now();
    for (const field of frame.fields) {
      const flow = field.labels?.flow;
      if (flow?.startsWith('probe') && field.labels?.agent && !seenAt.has(flow) && answeredAt.has(flow))
        seenAt.set(flow, at);
    }
  };
  const sending = (async () => {
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      // Paced: request i leaves at i / rate seconds after the start.
      const due = started + (i * 1000) / FRESHNESS_RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      inFlight.push(send(i));
    }
    await Promise.all(inFlight);
  })();
  let done = false;
  void sending.finally(() => (done = true));
  const probes = Math.ceil(count / PROBE_EVERY);
  const deadline = () => done && performance.now() > Math.max(...answeredAt.values()) + 30_000;
  while (!done || (seenAt.size < probes && !deadline())) await poll();
  await sending;
  return [...answeredAt].map(([flow, t]) => (seenAt.get(flow) ?? Infinity) - t);
}

const p50 = quantile(0.5);
const p99 = quantile(0.99);

async function main(): Promise<void> {
  const baseDir = mkdtempSync(join(tmpdir(), 'exowatch-bench-webhooks-'));
  const cluster = await createLocalCluster({ baseDir, unsafeFast: true });
  await cluster.start();
  const pool = createPool(cluster.url);
  try {
    await migrate(pool);
    const bare = await startServer('bare', cluster.url, join(baseDir, 'unused'));
    const webhook = await startServer('webhook', cluster.url, join(baseDir, 'journal'));
    await load(bare.port, 'warm', { duration: 2 });
    await load(webhook.port, 'warm', { duration: 2 });
    const stored = async () => {
      const { rows } = await pool.query(
        "SELECT count(*)::int AS n FROM passthru_events WHERE call_sid NOT LIKE 'warm%'",
      );
      return rows[0].n as number;
    };
    const drained = async (answered: number) => {
      for (const deadline = Date.now() + 60_000; (await stored()) < answered && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    // Throughput in alternating rounds, bare then webhook, each webhook round drained before the
    // next bare one: a machine that slows down mid-run slows both sides alike, and the median of the
    // per-round ratios ignores one unlucky round.
    const ratios: number[] = [];
    let answered = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const bareRound = await load(bare.port, `bare${round}-`, {});
      const webhookRound = await load(webhook.port, `max${round}-`, {});
      answered += webhookRound['2xx'];
      await drained(answered);
      ratios.push(webhookRound.requests.average / bareRound.requests.average);
      console.log(
        `# round ${round}: bare express ${bareRound.requests.average} req/s, Passthru webhook ${webhookRound.requests.average} req/s`,
      );
    }
    const bareFixed = await load(bare.port, 'bare', { overallRate: 2000, connections: 20 });
    await stopServer(bare.child);
    // The fixed-rate run starts once the writer has caught up with the floods, so it measures the
    // steady state at 2,000 requests/s, not the tail of the previous run.
    const fixed = await load(webhook.port, 'fixed', { overallRate: 2000, connections: 20 });
    answered += fixed['2xx'];
    await drained(answered);
    // Requests still in flight when autocannon stops are stored but not counted as answered.
    const lost = Math.max(0, answered - (await stored()));
    const freshness = await passthruFreshness(pool, webhook.port);
    await stopServer(webhook.child);

    console.log(
      `# fixed rate: ${fixed.requests.total} requests, ${fixed.non2xx} non-2xx, ${fixed.errors} errors`,
    );
    console.log(
      `# freshness: ${freshness.length} probes, p50 ${Math.round(p50(freshness))} ms, max ${Math.round(Math.max(...freshness))} ms`,
    );
    console.log(
      `# p99 at 2000 req/s: bare express ${bareFixed.latency.p99} ms, Passthru webhook ${fixed.latency.p99} ms`,
    );
    const results = [
      reportBench('webhook_vs_bare_express', p50(ratios), 'ratio', '>=', 0.8).pass,
      reportBench('webhook_p99_at_2000rps', fixed.latency.p99, 'ms', '<=', 25).pass,
      reportBench('webhook_events_lost', lost + fixed.non2xx + fixed.errors, 'events', '==', 0).pass,
      reportBench('passthru_visible_in_query_p99', Math.round(p99(freshness)), 'ms', '<=', 2000).pass,
    ];
    process.exitCode = results.every(Boolean) ? 0 : 1;
  } finally {
    await pool.end();
    await cluster.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}

// Other benchmarks import the server (bench/load.ts, bench/retention.ts) and threads import this file
// through theirs: only as a process's own script is it the server (`serve`) or the benchmark.
if (require.main === module) {
  if (process.argv[2] === 'serve')
    void serve(process.argv[3]!, process.argv[4]!, process.argv[5]!, process.argv[6]);
  else
    main().catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
