import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { log } from '../log';
import { SimulatorClock } from './clock';
import { OutageSchedule } from './outages';
import type { FaultSettings } from './faults';
import { FaultInjector } from './faults';
import type { GroundTruth } from './ground-truth';
import { groundTruth } from './ground-truth';
import type { SimulatorOptions } from './options';
import { resolveOptions } from './options';
import { SlidingWindowRateLimiter } from './rate-limiter';
import { createSimulatorApp } from './server';
import { SimulatedAccount } from './simulated-account';
import type { SimulatorStats } from './stats';
import { StatsRecorder } from './stats';

export type { SimulatorOptions } from './options';
export { DEFAULT_SIMULATOR_OPTIONS } from './options';
export type { FaultSettings } from './faults';
export type { GroundTruth, TruthRange } from './ground-truth';
export type { SimulatorStats } from './stats';
export { SimulatorClock } from './clock';
export { SimulatedAccount } from './simulated-account';
export { startWebhookFeed } from './webhook-feed';
export type { WebhookFeed, WebhookFeedTarget } from './webhook-feed';

/** A running fake Exotel account. */
export interface SimulatorHandle {
  /** `http://127.0.0.1:<port>`: use as the Exotel API host. */
  url: string;
  port: number;
  app: Express;
  accountSid: string;
  apiKey: string;
  apiToken: string;
  /** The pure model behind the server (ExoPhones, teams, agents, flows, traffic). */
  account: SimulatedAccount;
  clock: SimulatorClock;
  truth: GroundTruth;
  /** ExoPhone outages reported by the demo heartbeats (see startWebhookFeed). */
  outages: OutageSchedule;
  stats(): SimulatorStats;
  /** Change fault settings while running (a new `seed` restarts the fault sequence). */
  setFaults(changes: Partial<FaultSettings>): void;
  setRateLimit(perMinute: number): void;
  close(): Promise<void>;
}

/** Test hooks that cannot be part of the serialisable options. */
export interface SimulatorHooks {
  /** Real-time source for the clock and the rate limit (default Date.now). */
  wallClock?: () => number;
}

export async function startSimulator(
  options: SimulatorOptions = {},
  hooks: SimulatorHooks = {},
): Promise<SimulatorHandle> {
  const resolved = resolveOptions(options);
  const wallClock = hooks.wallClock ?? Date.now;
  const account = new SimulatedAccount(resolved);
  const clock = new SimulatorClock(resolved.clock, wallClock);
  const truth = groundTruth(account, () => clock.now());
  const limiter = new SlidingWindowRateLimiter(resolved.rateLimitPerMinute, wallClock);
  const faults = new FaultInjector(resolved.faults);
  const stats = new StatsRecorder();
  const heldResponses = new Set<NodeJS.Timeout>();
  const outages = new OutageSchedule(account.model.seedHash);
  const app = createSimulatorApp({
    account,
    truth,
    clock,
    limiter,
    faults,
    stats,
    apiKey: resolved.apiKey,
    apiToken: resolved.apiToken,
    absolutePageUris: resolved.absolutePageUris,
    rateLimitRetryAfterSeconds: resolved.rateLimitRetryAfterSeconds,
    heldResponses,
    outages,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(resolved.port, resolved.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${resolved.host}:${port}`,
    port,
    app,
    accountSid: resolved.accountSid,
    apiKey: resolved.apiKey,
    apiToken: resolved.apiToken,
    account,
    clock,
    truth,
    outages,
    stats: () => stats.snapshot(),
    setFaults: (changes) => faults.update(changes),
    setRateLimit: (perMinute) => limiter.setLimit(perMinute),
    close: () => {
      for (const timer of heldResponses) clearTimeout(timer);
      heldResponses.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

/**
 * `exowatch simulate`: run the simulator until SIGINT/SIGTERM, logging where it listens.
 * Resolves with the handle once listening.
 */
export async function runSimulatorCommand(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const simulator = await startSimulator(options);
  const logger = log.child({ component: 'simulator' });
  logger.info(
    {
      url: simulator.url,
      accountSid: simulator.accountSid,
      apiKey: simulator.apiKey,
      apiToken: simulator.apiToken,
    },
    'Exotel simulator listening; use url as the API host and apiKey/apiToken as credentials',
  );
  const stop = (signal: string): void => {
    logger.info({ signal }, 'stopping the Exotel simulator');
    simulator
      .close()
      .catch((error: unknown) => logger.error({ err: error }, 'simulator did not close cleanly'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return simulator;
}
