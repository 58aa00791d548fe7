/**
 * The background traffic a running collector sees, for benches that measure something else under it:
 * Passthru webhooks paced at a fixed rate from a thread of their own (to the webhook server
 * bench/webhooks.ts runs in a child process) and the sync's hourly re-read of the last 24 hours
 * written page by page through upsertCalls.
 * Used by bench:retention and bench:load.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DateTime } from 'luxon';
import type { Pool } from 'pg';
import type { ExotelCall } from '../src/exotel/types';
import { normaliseCall } from '../src/normalise';
import type { CallRecord } from '../src/normalise/types';
import { upsertCalls } from '../src/store/calls';
import {
  HOOK_PREFIX,
  type Answered,
  type PassthruThreadData,
  type PassthruThreadResult,
  type Timed,
} from './passthru';

/** The calls of the last 24 hours the sync re-reads every hour. */
const SYNC_CALLS = 2_000;
const SYNC_PAGE = 100;

/**
 * paceWebhooks on a worker thread: Exotel is a client of its own, so the latency it sees is not held
 * up by the bench's event loop, busy driving dashboards (bench:load saw that loop's delay at p99
 * ~20 ms, against a 25 ms target). `at` is moved onto this thread's performance.now() clock.
 */
export async function webhookStream(port: number, rate: number, stop: Promise<void>): Promise<Answered[]> {
  const ext = extname(__filename);
  const worker = new Worker(join(__dirname, `passthruThread${ext}`), {
    workerData: { port, rate } satisfies PassthruThreadData,
    execArgv: ext === '.ts' ? ['--require', 'ts-node/register/transpile-only'] : [],
  });
  const done = new Promise<PassthruThreadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the Passthru thread exited (${code}) before answering`)));
  });
  void stop.then(() => worker.postMessage('stop'));
  const { timeOrigin, answered } = await done;
  await worker.terminate();
  const shift = timeOrigin - performance.timeOrigin;
  return answered.map((r) => ({ ...r, at: r.at + shift }));
}

/**
 * A promise the bench awaits only once its load is over (a background stream). Its rejection is
 * handled from now on: one that fails early must not end the process on the spot as an unhandled
 * rejection, skipping the clean-up that stops the database server and the collector. It is still
 * thrown where the promise is awaited.
 */
export function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** The stream's events not safely in the database, by how they were lost (their sum is the BENCH figure). */
export interface Lost {
  /** No answer at all: Exotel's request failed (refused, reset, timed out). */
  unanswered: number;
  /** Answered, but not 200: the collector refused the event (Exotel's Passthru does not retry). */
  refused: number;
  /** Answered 200 yet missing from the database once the writer caught up: the one the rules forbid. */
  acceptedNotStored: number;
  total: number;
  /** Each status or error seen among the unanswered and refused, with its count. */
  reasons: Record<string, number>;
}

/**
 * The stream's events lost, once the database has caught up (waiting up to a minute for the journal to
 * drain): every request not answered 200, and every 200-answered one missing from passthru_events.
 */
export async function lostWebhooks(pool: Pool, answered: readonly Answered[]): Promise<Lost> {
  const accepted = answered.filter((r) => r.status === 200);
  const stored = async () =>
    new Set(
      (
        await pool.query<{ call_sid: string }>(
          `SELECT call_sid FROM passthru_events WHERE call_sid LIKE $1`,
          [`${HOOK_PREFIX}%`],
        )
      ).rows.map((row) => row.call_sid),
    );
  const missing = async () => {
    const sids = await stored();
    return accepted.filter((r) => !sids.has(r.callSid)).length;
  };
  let acceptedNotStored = await missing();
  for (const deadline = Date.now() + 60_000; acceptedNotStored > 0 && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    acceptedNotStored = await missing();
  }
  const reasons: Record<string, number> = {};
  for (const r of answered)
    if (r.status !== 200) {
      const reason = r.status === 0 ? (r.error ?? 'no answer') : `HTTP ${r.status}`;
      reasons[reason] = (reasons[reason] ?? 0) + 1;
    }
  const unanswered = answered.filter((r) => r.status === 0).length;
  const refused = answered.length - accepted.length - unanswered;
  return { unanswered, refused, acceptedNotStored, total: unanswered + refused + acceptedNotStored, reasons };
}

/** The comment line a bench prints under its webhooks_lost figure. */
export function describeLost(lost: Lost): string {
  const reasons = Object.entries(lost.reasons)
    .map(([reason, n]) => `${n} × ${reason}`)
    .join('; ');
  return `# webhooks lost: ${lost.unanswered} unanswered, ${lost.refused} refused, ${lost.acceptedNotStored} answered 200 but not stored${reasons ? ` (${reasons})` : ''}`;
}

/** The calls of the 24 hours before `end` as the Bulk Call Details API returns them (exotel-api.md §1.4). */
export function recentCalls(end: DateTime, zone: string): CallRecord[] {
  return Array.from({ length: SYNC_CALLS }, (_, i): ExotelCall => {
    const at = end.minus({ seconds: 30 + i * 40 }).toFormat('yyyy-MM-dd HH:mm:ss');
    return {
      Sid: `sync${i}`,
      DateCreated: at,
      DateUpdated: at,
      AccountSid: 'bench',
      From: `098${String(i).padStart(8, '0')}`,
      To: '08040000001',
      PhoneNumberSid: '08040000001',
      Status: i % 4 === 0 ? 'no-answer' : 'completed',
      StartTime: at,
      EndTime: at,
      Duration: '40',
      Direction: 'inbound',
      Details: {
        ConversationDuration: i % 4 === 0 ? 0 : 30,
        Leg1Status: 'completed',
        Leg2Status: 'completed',
      },
    };
  }).map((call) => normaliseCall(call, { timeZone: zone, accountSid: 'bench' }));
}

/** The sync's re-read of `calls`, page by page, until `stop` resolves: page latencies by start. */
export async function syncStream(pool: Pool, calls: CallRecord[], stop: Promise<void>): Promise<Timed[]> {
  const pages: Timed[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  for (let i = 0; !stopped; i = (i + SYNC_PAGE) % calls.length) {
    const at = performance.now();
    await upsertCalls(pool, calls.slice(i, i + SYNC_PAGE));
    pages.push({ at, ms: performance.now() - at });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pages;
}
