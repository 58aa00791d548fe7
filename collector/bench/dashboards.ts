/**
 * Whole dashboards through the collector's HTTP API: a dashboard "loads" when everything it asks the
 * collector for has been answered (its panels' metric queries and callback worklists, its annotations;
 * pluginRequests.ts), sent as Grafana sends them when the dashboard opens, at most IN_FLIGHT at a time.
 * Timed from the first request to the last answer.
 */
import { runInFlight } from './inFlight';
import type { CollectorRequest, DashboardRequests } from './pluginRequests';
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

/** Sends one request to the collector; resolves to the answer's text, rejects on an error status. */
export type CollectorClient = (request: CollectorRequest) => Promise<string>;

/** The request as the plugin sends it (plugin/src/api.ts query, openCallbacks, annotations). */
export function collectorClient(baseUrl: string, token: string): CollectorClient {
  return async (request) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    const res =
      request.kind === 'metric'
        ? await fetch(`${baseUrl}/api/v1/query`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify(request.body),
          })
        : request.kind === 'callbacks'
          ? await fetch(`${baseUrl}/api/v1/callbacks/open`, { headers })
          : await fetch(`${baseUrl}/api/v1/annotations?from=${request.from}&to=${request.to}`, { headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`${request.kind} request failed ${res.status}: ${text}`);
    return text;
  };
}

/** One dashboard load: every request sent IN_FLIGHT at a time; the answers in the requests' order. */
export async function loadDashboard(
  send: CollectorClient,
  requests: readonly CollectorRequest[],
): Promise<{ ms: number; answers: string[] }> {
  const t0 = performance.now();
  const answers = await runInFlight(
    requests.map((request) => () => send(request)),
    IN_FLIGHT,
  );
  return { ms: performance.now() - t0, answers };
}

/** The load target of a dashboard, in ms. */
export const loadTarget = (d: DashboardRequests) => (d.file === NOC_FILE ? 300 : 1000);

/**
 * Every dashboard's load p50 over RUNS loads after WARM_UPS (fewer of each when over its target), and
 * whether each concurrent answer equals the same request's answer sent alone. Returns whether every figure passed.
 */
export async function benchDashboards(
  send: CollectorClient,
  dashboards: DashboardRequests[],
): Promise<boolean> {
  let allPass = true;
  for (const d of dashboards) {
    const count = (kind: CollectorRequest['kind']) => d.requests.filter((r) => r.kind === kind).length;
    console.log(
      `# dashboard ${d.uid} (${d.file}): ${count('metric')} metric queries, ${count('callbacks')} callback worklists, ${count('annotations')} annotation queries`,
    );
    // A warm-up over the target has warmed whatever a second one would.
    for (let i = 0; i < WARM_UPS; i++) if ((await loadDashboard(send, d.requests)).ms > loadTarget(d)) break;
    const times: number[] = [];
    let concurrent: string[] = [];
    // Once most of the RUNS were over the target the p50 cannot meet it: a slow dashboard stops there,
    // so it does not take the bench past its time budget.
    const overTarget = () => times.filter((ms) => ms > loadTarget(d)).length;
    while (times.length < RUNS && overTarget() <= RUNS / 2) {
      const run = await loadDashboard(send, d.requests);
      times.push(run.ms);
      concurrent = run.answers;
    }
    if (times.length < RUNS) console.log(`# ${d.uid}: stopped after ${times.length} loads, most over target`);
    const differing: string[] = [];
    for (const [i, request] of d.requests.entries())
      if ((await send(request)) !== concurrent[i])
        differing.push(request.kind === 'metric' ? request.body.metric : request.kind);
    if (differing.length > 0)
      console.log(`# ${d.uid}: answers differ from alone for ${differing.join(', ')}`);
    const identical = d.requests.length > 0 && differing.length === 0;
    allPass =
      reportBench(`dashboard_${d.uid}_load_p50`, Math.round(quantile(0.5)(times)), 'ms', '<=', loadTarget(d))
        .pass && allPass;
    allPass = reportBench(`dashboard_${d.uid}_identical`, identical ? 1 : 0, 'bool', '==', 1).pass && allPass;
  }
  return allPass;
}
