/**
 * Whole dashboards through the HTTP query API: a dashboard "loads" when every metric query of its
 * panels has been answered, sent as Grafana sends them when the dashboard opens, at most IN_FLIGHT at a
 * time. Timed from the first request to the last answer.
 */
import type { QueryRequestBody } from '@exowatch/contract';
import { runInFlight } from './inFlight';
import type { DashboardRequests } from './pluginRequests';
import { quantile, reportBench } from './report';

/**
 * Requests one Grafana tab has in flight to one host. Browsers open at most 6 HTTP/1.1 connections per
 * host (Chromium's per-group socket limit, Firefox's network.http.max-persistent-connections-per-server),
 * and Grafana's frontend queues data requests behind that: grafana/grafana
 * public/app/core/services/FetchQueueWorker.ts allows `maxParallelRequests` = 5 data requests without
 * HTTP/2, API requests besides. 6 is the most one screen can put on the collector at once.
 */
export const IN_FLIGHT = 6;
/** The dashboard NOC screens show; its load must fit a tighter target. */
export const NOC_FILE = 'noc-overview.json';
const WARM_UPS = 2;
const RUNS = 9;

/** Sends one body to POST /api/v1/query; resolves to the answer's text, rejects on an error status. */
export type QueryClient = (body: QueryRequestBody) => Promise<string>;

export function queryClient(url: string, token: string): QueryClient {
  return async (body) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`query ${body.metric} failed ${res.status}: ${text}`);
    return text;
  };
}

/** One dashboard load: every body sent IN_FLIGHT at a time; the answers in the bodies' order. */
export async function loadDashboard(
  send: QueryClient,
  bodies: readonly QueryRequestBody[],
): Promise<{ ms: number; answers: string[] }> {
  const t0 = performance.now();
  const answers = await runInFlight(
    bodies.map((body) => () => send(body)),
    IN_FLIGHT,
  );
  return { ms: performance.now() - t0, answers };
}

/** The load target of a dashboard, in ms. */
export const loadTarget = (d: DashboardRequests) => (d.file === NOC_FILE ? 300 : 1000);

/**
 * Every dashboard's load p50 over RUNS loads after WARM_UPS, and whether each concurrent answer equals
 * the same body's answer sent alone. Returns whether every figure passed.
 */
export async function benchDashboards(send: QueryClient, dashboards: DashboardRequests[]): Promise<boolean> {
  let allPass = true;
  for (const d of dashboards) {
    console.log(
      `# dashboard ${d.uid} (${d.file}): ${d.kinds.metric} metric queries timed; not sent: ${d.kinds.callbacks} callback worklist (GET /api/v1/callbacks/open), ${d.kinds.annotations} annotation queries (GET /api/v1/annotations)`,
    );
    for (let i = 0; i < WARM_UPS; i++) await loadDashboard(send, d.bodies);
    const times: number[] = [];
    let concurrent: string[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await loadDashboard(send, d.bodies);
      times.push(run.ms);
      concurrent = run.answers;
    }
    let identical = d.bodies.length > 0;
    for (const [i, body] of d.bodies.entries()) identical = (await send(body)) === concurrent[i] && identical;
    allPass =
      reportBench(`dashboard_${d.uid}_load_p50`, Math.round(quantile(0.5)(times)), 'ms', '<=', loadTarget(d))
        .pass && allPass;
    allPass = reportBench(`dashboard_${d.uid}_identical`, identical ? 1 : 0, 'bool', '==', 1).pass && allPass;
  }
  return allPass;
}
