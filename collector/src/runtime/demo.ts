import { randomBytes } from 'node:crypto';
import type { AccountConfig } from '../config/load';
import { startSimulator, type SimulatorHandle } from '../simulator';

export interface DemoAccount {
  account: AccountConfig;
  simulator: SimulatorHandle;
  stop(): Promise<void>;
}

/**
 * Demo mode (design decision 3): a fake Exotel account on a loopback port, with the same seed every
 * time so the demo looks the same on every machine, and fresh credentials per start.
 */
export async function startDemoAccount(): Promise<DemoAccount> {
  const simulator = await startSimulator({
    seed: 'exowatch-demo',
    accountSid: 'exowatchdemo',
    apiKey: 'demo',
    apiToken: randomBytes(12).toString('hex'),
  });
  return {
    simulator,
    account: {
      sid: simulator.accountSid,
      apiKey: simulator.apiKey,
      apiToken: simulator.apiToken,
      baseUrl: simulator.url,
      timeZone: 'Asia/Kolkata',
      requestsPerMinute: 200,
    },
    stop: () => simulator.close(),
  };
}
