import { log } from '../log';
import type { SimulatedAccount } from './simulated-account';
import type { SimulatorClock } from './clock';
import type { OutageSchedule } from './outages';
import { heartbeatBody, passthruParams } from './webhook-payloads';

export interface WebhookFeedTarget {
  /** The collector's Passthru URL for the account (GET, Exotel appends the query string). */
  passthru: string;
  heartbeat: string;
}

export interface WebhookFeedOptions {
  heartbeatIntervalMs: number;
  /** How often ended calls are looked for. Default 5 s. */
  tickMs?: number;
}

export interface WebhookFeed {
  /** Sends one heartbeat now (tests; the feed also sends one every interval). */
  heartbeat(): Promise<void>;
  stop(): void;
}

/** Calls are looked up by creation time; none lasts longer than this. */
const LONGEST_CALL_MS = 2 * 3_600_000;
const logger = log.child({ component: 'simulator-webhooks' });

async function deliver(url: string, init?: RequestInit): Promise<void> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
    if (!response.ok)
      logger.debug({ status: response.status }, 'collector did not accept a simulated webhook');
  } catch (error) {
    logger.debug({ err: (error as Error).message }, 'simulated webhook not delivered');
  }
}

/**
 * Demo mode's Exotel push side: a Passthru GET for every inbound call as it ends, and a Heartbeat
 * POST every interval listing the ExoPhones the outage schedule has down.
 */
export function startWebhookFeed(
  simulator: { account: SimulatedAccount; clock: SimulatorClock; outages: OutageSchedule },
  target: WebhookFeedTarget,
  options: WebhookFeedOptions,
): WebhookFeed {
  const { account, clock, outages } = simulator;
  let lastTick = clock.now();

  const sendEndedCalls = async () => {
    const now = clock.now();
    const window = { fromMs: lastTick - LONGEST_CALL_MS, toMs: now };
    const ended = [...account.queries.walk(window, {}, 'asc', null, now)].filter(
      (call) => call.direction === 'inbound' && call.endMs > lastTick && call.endMs <= now,
    );
    lastTick = now;
    for (const call of ended) {
      await deliver(`${target.passthru}?${new URLSearchParams(passthruParams(call, account.localTime))}`);
    }
  };

  const heartbeat = async () => {
    const now = clock.now();
    const { exophones } = account.model;
    const body = heartbeatBody(
      {
        incoming: outages.affected(exophones, 'incoming', now),
        outgoing: outages.affected(exophones, 'outgoing', now),
      },
      exophones.length,
      now,
    );
    await deliver(target.heartbeat, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  };

  const callTimer = setInterval(() => void sendEndedCalls(), options.tickMs ?? 5_000);
  const heartbeatTimer = setInterval(() => void heartbeat(), options.heartbeatIntervalMs);
  callTimer.unref();
  heartbeatTimer.unref();
  void heartbeat();
  return {
    heartbeat,
    stop() {
      clearInterval(callTimer);
      clearInterval(heartbeatTimer);
    },
  };
}
