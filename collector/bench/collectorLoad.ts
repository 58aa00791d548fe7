/**
 * What the collector child of a bench (bench/webhooks.ts `serve`) went through while the parent loaded
 * it: its event-loop delay, how many queries waited for a pooled connection, and how long its Passthru
 * handler took by its own histogram. Tells a latency caused by blocking JavaScript in the collector from
 * one caused by its connections being taken, and both from time spent before the handler ran (the
 * machine's scheduler, the sockets, the sender).
 */
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { Histogram, type Registry } from 'prom-client';

export interface CollectorLoad {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Per pool: the most queries seen waiting for a connection, sampled every SAMPLE_MS. */
  poolWaitingMax: Record<string, number>;
  /**
   * The upper bound of the histogram bucket holding the 99th percentile of the Passthru handler's own
   * time over the load (exowatch_webhook_request_duration_seconds), in ms; null when none was handled.
   */
  passthruHandlerP99Ms: number | null;
}

/** Cumulative counts per upper bound (`le`, in seconds; Infinity for +Inf) of one histogram series. */
export type HistogramCounts = ReadonlyMap<number, number>;

/**
 * The upper bound of the bucket holding the q-quantile of the observations made between two readings
 * of a cumulative histogram (what Prometheus' histogram_quantile would place inside that bucket).
 */
export function histogramQuantileBound(
  before: HistogramCounts,
  after: HistogramCounts,
  q: number,
): number | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const seen = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = seen(Infinity);
  if (total <= 0) return null;
  return bounds.find((le) => seen(le) >= q * total) ?? Infinity;
}

const PASSTHRU_HISTOGRAM = 'exowatch_webhook_request_duration_seconds';

async function passthruCounts(registry: Registry): Promise<HistogramCounts> {
  const metric = registry.getSingleMetric(PASSTHRU_HISTOGRAM);
  if (!(metric instanceof Histogram))
    throw new Error(`the collector's registry has no histogram ${PASSTHRU_HISTOGRAM}`);
  const counts = new Map<number, number>();
  for (const { metricName, labels, value } of (await metric.get()).values)
    if (metricName === `${PASSTHRU_HISTOGRAM}_bucket` && labels.route === 'passthru')
      counts.set(labels.le === '+Inf' ? Infinity : Number(labels.le), value);
  return counts;
}

const SAMPLE_MS = 10;
type Message = { load?: 'start' | 'read' };

/** In the child: answers the parent's `watchCollector`/`readCollector` messages. */
export function answerLoadWatch(pools: Record<string, Pool>, registry: Registry): void {
  const delay = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  const waitingMax: Record<string, number> = Object.fromEntries(Object.keys(pools).map((name) => [name, 0]));
  let sampler: NodeJS.Timeout | undefined;
  let handledBefore: Promise<HistogramCounts> = Promise.resolve(new Map());
  process.on('message', (message: Message) => {
    if (message.load === 'start') {
      handledBefore = passthruCounts(registry);
      delay.enable();
      sampler = setInterval(() => {
        for (const [name, pool] of Object.entries(pools))
          waitingMax[name] = Math.max(waitingMax[name]!, pool.waitingCount);
      }, SAMPLE_MS);
    } else if (message.load === 'read') {
      delay.disable();
      clearInterval(sampler);
      void Promise.all([handledBefore, passthruCounts(registry)]).then(([before, after]) => {
        const bound = histogramQuantileBound(before, after, 0.99);
        const load: CollectorLoad = {
          loopDelayP99Ms: delay.percentile(99) / 1e6,
          loopDelayMaxMs: delay.max / 1e6,
          poolWaitingMax: waitingMax,
          passthruHandlerP99Ms: bound === null ? null : bound * 1000,
        };
        process.send?.({ load });
      });
    }
  });
}

export function watchCollector(child: ChildProcess): void {
  child.send({ load: 'start' } satisfies Message);
}

export function readCollector(child: ChildProcess): Promise<CollectorLoad> {
  return new Promise((resolve) => {
    const onMessage = (message: { load?: CollectorLoad }) => {
      if (!message.load) return;
      child.off('message', onMessage);
      resolve(message.load);
    };
    child.on('message', onMessage);
    child.send({ load: 'read' } satisfies Message);
  });
}
