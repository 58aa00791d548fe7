/**
 * Exotel's Passthru stream of the benches (streams.ts webhookStream runs it on a thread of its own,
 * passthruThread.ts): the requests, their answers and what the thread sends back.
 */
import { PASSTHRU_QUERY_EXAMPLE } from '../test/fixtures/exotelWebhookExamples';
import { ACCOUNT } from './webhooks';

/** Call Sids of the stream's Passthru events (the rest of each is Exotel's documented example). */
export const HOOK_PREFIX = 'hook-';

export interface Timed {
  /** performance.now() when the request or page started. */
  at: number;
  ms: number;
}

/** One Passthru request of the stream: its HTTP status, or 0 and the error when no answer came. */
export interface Answered extends Timed {
  callSid: string;
  status: number;
  error?: string;
}

/**
 * Exotel's documented Passthru request (PASSTHRU_QUERY_EXAMPLE) with a Call Sid of its own, paced at
 * `rate` a second until `stop` resolves: latency by start time (a request with no answer takes Infinity).
 * Runs on the calling thread.
 */
export async function paceWebhooks(port: number, rate: number, stop: Promise<void>): Promise<Answered[]> {
  const base = `http://127.0.0.1:${port}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru`;
  const sent: Promise<Answered>[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  const started = performance.now();
  for (let i = 0; !stopped; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    const callSid = `${HOOK_PREFIX}${i}`;
    const query = new URLSearchParams({ ...PASSTHRU_QUERY_EXAMPLE, CallSid: callSid });
    sent.push(
      fetch(`${base}?${query}`)
        .then(async (res): Promise<Answered> => {
          await res.arrayBuffer();
          return { at, ms: performance.now() - at, callSid, status: res.status };
        })
        .catch((error: unknown): Answered => {
          const cause =
            error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
          return { at, ms: Infinity, callSid, status: 0, error: `${String(error)}${cause}` };
        }),
    );
  }
  return Promise.all(sent);
}

export interface PassthruThreadData {
  port: number;
  rate: number;
}

export interface PassthruThreadResult {
  /** performance.timeOrigin of the thread: the answers' `at` are relative to it. */
  timeOrigin: number;
  answered: Answered[];
}
