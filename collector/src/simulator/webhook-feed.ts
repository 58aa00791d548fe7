import { log } from '../log';
import type { SimulatedAccount } from './simulated-account';
import type { SimulatorClock } from './clock';
import type { OutageSchedule } from './outages';
import type { SimCall } from './sim-call';
import {
  agentEventParams,
  asksForJsonStatusCallback,
  heartbeatBody,
  passthruParams,
  statusCallbackBody,
  statusCallbackFormFields,
} from './webhook-payloads';

export interface WebhookFeedTarget {
  /** The collector's Passthru URL for the account (GET, Exotel appends the query string). */
  passthru: string;
  heartbeat: string;
  /** The Connect applet's agent notification URL (GET). */
  agent: string;
  /** The StatusCallback URL of the simulated Calls/connect requests (POST). */
  statusCallback: string;
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

/** The StatusCallback POST of an API call, in the encoding its request asked for. */
function statusCallbackRequest(call: SimCall, account: SimulatedAccount): RequestInit {
  const body = statusCallbackBody(call, account.localTime, account.accountSid);
  if (asksForJsonStatusCallback(call))
    return { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const form = new FormData();
  for (const [name, value] of statusCallbackFormFields(body)) form.append(name, value);
  return { method: 'POST', body: form };
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
 * Demo mode's Exotel push side, in the shapes Exotel documents (webhook-payloads.ts): a Passthru GET
 * for every inbound call as it ends; Connect applet agent notifications (Dial/busy as an agent's call
 * starts, Terminal/free as it ends); a StatusCallback POST for every API call as it ends (multipart,
 * Exotel's default, or JSON when the call asked for it); and a Heartbeat POST every interval listing
 * the ExoPhones the outage schedule has down.
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
    const calls = [...account.queries.walk(window, {}, 'asc', null, now)];
    const since = lastTick;
    lastTick = now;
    const within = (ms: number) => ms > since && ms <= now;
    for (const call of calls) {
      if (call.direction !== 'inbound' || !call.agent || !within(call.createdMs)) continue;
      const params = agentEventParams(call, 'Dial', call.createdMs, account.localTime);
      await deliver(`${target.agent}?${new URLSearchParams(params)}`);
    }
    for (const call of calls.filter((c) => within(c.endMs))) {
      if (call.direction === 'inbound') {
        await deliver(`${target.passthru}?${new URLSearchParams(passthruParams(call, account.localTime))}`);
        if (call.agent) {
          const params = agentEventParams(call, 'Terminal', call.endMs, account.localTime);
          await deliver(`${target.agent}?${new URLSearchParams(params)}`);
        }
      } else if (call.direction === 'outbound-api') {
        await deliver(target.statusCallback, statusCallbackRequest(call, account));
      }
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
