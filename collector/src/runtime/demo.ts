import { randomBytes } from 'node:crypto';
import type { AccountConfig } from '../config/load';
import {
  startSimulator,
  startWebhookFeed,
  type SimulatorHandle,
  type WebhookFeed,
  type WebhookFeedTarget,
} from '../simulator';

const DEMO_REQUESTS_PER_MINUTE = 600;

/** The collector's settings for the account a running simulator plays (demo mode, tests). */
export function simulatorAccount(simulator: SimulatorHandle, requestsPerMinute: number): AccountConfig {
  return {
    sid: simulator.accountSid,
    apiKey: simulator.apiKey,
    apiToken: simulator.apiToken,
    baseUrl: simulator.url,
    timeZone: simulator.account.localTime.timeZone,
    requestsPerMinute,
  };
}

export interface DemoAccount {
  account: AccountConfig;
  simulator: SimulatorHandle;
  /** Starts Exotel's push side: Passthru for every inbound call as it ends, and heartbeats. */
  startWebhooks(target: WebhookFeedTarget, heartbeatIntervalSeconds: number): void;
  /** Stops pushing webhooks (the first step of a shutdown); stop() stops the simulator too. */
  stopWebhooks(): void;
  stop(): Promise<void>;
}

/**
 * Demo mode (design decision 3): a fake Exotel account on a loopback port, with the same seed every
 * time so the demo looks the same on every machine, and fresh credentials per start. Once the
 * collector listens, it also plays Exotel's webhooks (Passthru, heartbeats with outages) at it.
 */
export async function startDemoAccount(): Promise<DemoAccount> {
  const simulator = await startSimulator({
    seed: 'exowatch-demo',
    // Room for the background backfill of the weeks expected traffic needs (collector.ts).
    rateLimitPerMinute: DEMO_REQUESTS_PER_MINUTE,
    accountSid: 'exowatchdemo',
    apiKey: 'demo',
    apiToken: randomBytes(12).toString('hex'),
  });
  let feed: WebhookFeed | null = null;
  const stopWebhooks = () => {
    feed?.stop();
    feed = null;
  };
  return {
    simulator,
    account: simulatorAccount(simulator, DEMO_REQUESTS_PER_MINUTE),
    startWebhooks(target, heartbeatIntervalSeconds) {
      feed = startWebhookFeed(simulator, target, { heartbeatIntervalMs: heartbeatIntervalSeconds * 1000 });
    },
    stopWebhooks,
    async stop() {
      stopWebhooks();
      await simulator.close();
    },
  };
}
