/**
 * What the collector child of a bench (bench/webhooks.ts `serve`) went through while the parent loaded
 * it: its event-loop delay and how many queries waited for a pooled connection. Tells a latency caused
 * by blocking JavaScript in the collector from one caused by its connections being taken.
 */
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Pool } from 'pg';

export interface CollectorLoad {
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /** Per pool: the most queries seen waiting for a connection, sampled every SAMPLE_MS. */
  poolWaitingMax: Record<string, number>;
}

const SAMPLE_MS = 10;
type Message = { load?: 'start' | 'read' };

/** In the child: answers the parent's `watchCollector`/`readCollector` messages. */
export function answerLoadWatch(pools: Record<string, Pool>): void {
  const delay = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  const waitingMax: Record<string, number> = Object.fromEntries(Object.keys(pools).map((name) => [name, 0]));
  let sampler: NodeJS.Timeout | undefined;
  process.on('message', (message: Message) => {
    if (message.load === 'start') {
      delay.enable();
      sampler = setInterval(() => {
        for (const [name, pool] of Object.entries(pools))
          waitingMax[name] = Math.max(waitingMax[name]!, pool.waitingCount);
      }, SAMPLE_MS);
    } else if (message.load === 'read') {
      delay.disable();
      clearInterval(sampler);
      const load: CollectorLoad = {
        loopDelayP99Ms: delay.percentile(99) / 1e6,
        loopDelayMaxMs: delay.max / 1e6,
        poolWaitingMax: waitingMax,
      };
      process.send?.({ load });
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
