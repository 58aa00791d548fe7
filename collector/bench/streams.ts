/**
 * The background traffic a running collector sees, for benches that measure something else under it:
 * Passthru webhooks paced at a fixed rate (to the webhook server bench/webhooks.ts runs in a child
 * process) and the sync's hourly re-read of the last 24 hours written page by page through upsertCalls.
 * Used by bench:retention and bench:load.
 */
import type { DateTime } from 'luxon';
import type { Pool } from 'pg';
import type { ExotelCall } from '../src/exotel/types';
import { normaliseCall } from '../src/normalise';
import type { CallRecord } from '../src/normalise/types';
import { upsertCalls } from '../src/store/calls';
import { PASSTHRU_QUERY_EXAMPLE } from '../test/fixtures/exotelWebhookExamples';
import { ACCOUNT } from './webhooks';

/** The calls of the last 24 hours the sync re-reads every hour. */
const SYNC_CALLS = 2_000;
const SYNC_PAGE = 100;
/** Call Sids of the stream's Passthru events (the rest of each is Exotel's documented example). */
const HOOK_PREFIX = 'hook-';

export interface Timed {
  /** performance.now() when the request or page started. */
  at: number;
  ms: number;
}

/**
 * Exotel's documented Passthru request (PASSTHRU_QUERY_EXAMPLE) with a Call Sid of its own, paced at
 * `rate` a second until `stop` resolves: latency by start time (a failed request counts as not ok).
 */
export async function webhookStream(
  port: number,
  rate: number,
  stop: Promise<void>,
): Promise<(Timed & { ok: boolean })[]> {
  const base = `http://127.0.0.1:${port}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru`;
  const sent: Promise<Timed & { ok: boolean }>[] = [];
  let stopped = false;
  void stop.then(() => (stopped = true));
  const started = performance.now();
  for (let i = 0; !stopped; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    const query = new URLSearchParams({ ...PASSTHRU_QUERY_EXAMPLE, CallSid: `${HOOK_PREFIX}${i}` });
    sent.push(
      fetch(`${base}?${query}`)
        .then(async (res) => {
          await res.arrayBuffer();
          return { at, ms: performance.now() - at, ok: res.ok };
        })
        .catch(() => ({ at, ms: Infinity, ok: false })),
    );
  }
  return Promise.all(sent);
}

/**
 * Passthru events of the stream lost: answered 200 but missing from the database once it has caught up
 * (waiting up to a minute for the journal to drain), plus every request not answered 200.
 */
export async function lostWebhooks(pool: Pool, answered: readonly { ok: boolean }[]): Promise<number> {
  const okCount = answered.filter((r) => r.ok).length;
  const stored = async () =>
    Number(
      (
        await pool.query<{ n: string }>(`SELECT count(*) AS n FROM passthru_events WHERE call_sid LIKE $1`, [
          `${HOOK_PREFIX}%`,
        ])
      ).rows[0]!.n,
    );
  for (const deadline = Date.now() + 60_000; (await stored()) < okCount && Date.now() < deadline;)
    await new Promise((resolve) => setTimeout(resolve, 200));
  return okCount - (await stored()) + (answered.length - okCount);
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
