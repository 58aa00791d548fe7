/**
 * `npm run bench:load`: a wall of NOC screens and a few analysts on one collector holding BENCH_CALLS
 * calls (default 10,000,000; the data of bench:query, callData.ts), while it takes its usual writes.
 * For BENCH_LOAD_SECONDS (default 120):
 *   - 20 NOC screens each reload the NOC overview every 30 s (its refresh), starts staggered over 30 s
 *   - 5 users open one of the other dashboards at random, think 2–6 s, open another
 *   - the sync re-reads the last 24 hours page by page through upsertCalls (streams.ts)
 *   - Exotel's documented Passthru request arrives 200 times a second at the webhook endpoint, sent
 *     from a thread of the bench's own (streams.ts webhookStream)
 * A dashboard load is everything it asks the collector for as the plugin builds it (its panels' metric
 * queries and callback worklists, its annotations), 6 in flight (dashboards.ts). The collector (query API and webhooks, one process as deployed) runs in a child
 * process (bench/webhooks.ts), its "now" the data's end. Figures:
 *   noc_wall_p99             a NOC screen's full dashboard load, p99 (<= 1000 ms)
 *   noc_wall_errors          NOC screens' query requests that failed (== 0)
 *   webhook_p99_during_load  Passthru latency while the screens and users run (<= 25 ms)
 *   webhooks_lost            Passthru events not answered, refused, or answered 200 and not stored (== 0)
 */
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { refreshRollups } from '../src/rollups/rollups';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { buildMissedCalls, CALLS, END, loadCalls, prepareDatabase, ZONE } from './callData';
import { startBenchCluster } from './cluster';
import { readCollector, watchCollector } from './collectorLoad';
import { collectorClient, loadDashboard, NOC_FILE, type CollectorClient } from './dashboards';
import { provisionedDashboardRequests } from './pluginRequests';
import { quantile, reportBench } from './report';
import { awaitedLater, describeLost, lostWebhooks, recentCalls, syncStream, webhookStream } from './streams';
import { QUERY_TOKEN, startServer, stopServer } from './webhooks';

const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 120);
const SCREENS = 20;
const REFRESH_MS = 30_000;
const USERS = 5;
const THINK_MS = { min: 2_000, max: 6_000 };
const WEBHOOK_RATE = 200;
/** How long the webhook and sync streams run alone first: the machine's own latencies, for reading. */
const BASELINE_MS = 5_000;
const p50 = quantile(0.5);
const p99 = quantile(0.99);

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

/** A query client that counts answers and failures instead of throwing (a failed panel, not a failed page). */
function counted(send: CollectorClient) {
  const counts = { served: 0, failed: 0, firstError: undefined as unknown };
  const client: CollectorClient = (request) =>
    send(request).then(
      (text) => {
        counts.served++;
        return text;
      },
      (error: unknown) => {
        counts.failed++;
        counts.firstError ??= error;
        return '';
      },
    );
  return { client, counts };
}

async function main(): Promise<void> {
  const { baseDir, cluster, remove } = await startBenchCluster('load');
  const pool = createPool(cluster.url);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  // Ends the background streams: when the load is over, or on the way out if the bench fails first.
  let finish = () => {};
  try {
    await prepareDatabase(pool);
    const loaded = await loadCalls(pool, 1, CALLS);
    // The day the sync re-reads is written first, so that its marks are cleared like the rest: a
    // collector's refresh clears the sync's marks within a minute, and the sync re-reading calls
    // that have not changed marks nothing.
    const sync = recentCalls(END, ZONE);
    await upsertCalls(pool, sync);
    await refreshRollups(pool, { now: END.toJSDate() });
    const missed = await buildMissedCalls(pool);
    console.log(
      `# ${CALLS} calls loaded in ${Math.round((loaded.generationMs + loaded.refreshMs + loaded.vacuumMs + missed.ms) / 1000)} s`,
    );
    const dashboards = provisionedDashboardRequests(END.toMillis());
    const noc = dashboards.find((d) => d.file === NOC_FILE)!;
    const others = dashboards.filter((d) => d !== noc);

    server = await startServer('webhook', cluster.url, join(baseDir, 'journal'), END.toJSDate());
    const send = collectorClient(`http://127.0.0.1:${server.port}`, QUERY_TOKEN);
    const screens = counted(send);
    const users = counted(send);
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const hooks = awaitedLater(webhookStream(server.port, WEBHOOK_RATE, finished));
    const pages = awaitedLater(syncStream(pool, sync, finished));
    await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));

    // The bench's own event loop drives the screens and users (the webhook stream has a thread of its
    // own): its delay bounds how far the load times it measures are its own.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    watchCollector(server.child);
    const start = performance.now();
    const deadline = start + LOAD_SECONDS * 1000;
    const nocLoads: number[] = [];
    const userLoads: { uid: string; ms: number }[] = [];
    const screen = async (i: number) => {
      for (let next = start + (i * REFRESH_MS) / SCREENS; next < deadline; next += REFRESH_MS) {
        await sleepUntil(next);
        nocLoads.push((await loadDashboard(screens.client, noc.requests)).ms);
      }
    };
    const user = async () => {
      while (performance.now() < deadline) {
        const dashboard = others[Math.floor(Math.random() * others.length)]!;
        userLoads.push({
          uid: dashboard.uid,
          ms: (await loadDashboard(users.client, dashboard.requests)).ms,
        });
        await sleepUntil(performance.now() + THINK_MS.min + Math.random() * (THINK_MS.max - THINK_MS.min));
      }
    };
    await Promise.all([
      ...Array.from({ length: SCREENS }, (_, i) => screen(i)),
      ...Array.from({ length: USERS }, user),
    ]);
    const end = performance.now();
    loopDelay.disable();
    const collector = await readCollector(server.child);
    finish();
    const answered = await hooks;
    const lost = await lostWebhooks(pool, answered);
    const syncPages = await pages;
    await stopServer(server.child);

    const between = (from: number, to: number) => answered.filter((r) => r.at >= from && r.at <= to);
    const seconds = (end - start) / 1000;
    console.log(
      `# ${SCREENS} NOC screens: ${nocLoads.length} loads of ${noc.requests.length} requests, p50 ${Math.round(p50(nocLoads))} ms`,
    );
    const userMs = userLoads.map((l) => l.ms);
    console.log(
      `# ${USERS} users: ${userLoads.length} dashboard loads, p50 ${Math.round(p50(userMs))} ms, p99 ${Math.round(p99(userMs))} ms; ${users.counts.failed} requests failed`,
    );
    for (const d of others) {
      const ms = userLoads.filter((l) => l.uid === d.uid).map((l) => l.ms);
      if (ms.length > 0) console.log(`#   ${d.uid}: ${ms.length} loads, p50 ${Math.round(p50(ms))} ms`);
    }
    console.log(
      `# ${Math.round((screens.counts.served + users.counts.served) / seconds)} query requests/s served over ${Math.round(seconds)} s`,
    );
    console.log(
      `# webhook p99 before the load ${p99(between(0, start).map((r) => r.ms)).toFixed(1)} ms; ${answered.length} Passthru requests; sync page p99 ${Math.round(p99(syncPages.filter((p) => p.at >= start).map((p) => p.ms)))} ms over ${syncPages.length} pages`,
    );
    console.log(
      `# the bench's event-loop delay while loading: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`,
    );
    console.log(
      `# the collector's event-loop delay while loading: p99 ${collector.loopDelayP99Ms.toFixed(1)} ms, max ${collector.loopDelayMaxMs.toFixed(1)} ms; most queries waiting for a connection: ${Object.entries(
        collector.poolWaitingMax,
      )
        .map(([name, n]) => `${name} ${n}`)
        .join(', ')}`,
    );
    console.log(
      `# the collector's Passthru handler by its own histogram while loading: p99 <= ${collector.passthruHandlerP99Ms ?? 'n/a'} ms (the rest of a request's time is spent before the handler runs)`,
    );
    const firstError = screens.counts.firstError ?? users.counts.firstError;
    if (firstError) console.log(`# first failed request: ${String(firstError)}`);
    console.log(describeLost(lost));
    const results = [
      reportBench('noc_wall_p99', Math.round(p99(nocLoads)), 'ms', '<=', 1000).pass,
      reportBench('noc_wall_errors', screens.counts.failed, 'requests', '==', 0).pass,
      reportBench('webhook_p99_during_load', p99(between(start, end).map((r) => r.ms)), 'ms', '<=', 25).pass,
      reportBench('webhooks_lost', lost.total, 'events', '==', 0).pass,
    ];
    process.exitCode = results.every(Boolean) ? 0 : 1;
  } finally {
    finish();
    if (server) await stopServer(server.child);
    await pool.end();
    await remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
