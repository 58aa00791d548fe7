import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../api/app';
import { healthRouter } from '../api/health';
import type { AccountConfig, ExowatchConfig } from '../config/load';
import { accountLimiters } from '../exotel';
import { log } from '../log';
import { createMetricsRegistry } from '../metrics/registry';
import { startSyncScheduler, type SyncScheduler } from '../sync/scheduler';
import { VERSION } from '../version';
import { openDatabase, type Database } from './database';
import { startDemoAccount, type DemoAccount } from './demo';
import { createExotelClient } from './exotelClients';
import { resolveSecrets, type CollectorSecrets } from './secrets';

export interface RunningCollector {
  apiUrl: string;
  metricsUrl: string;
  databaseUrl: string;
  embeddedDatabase: boolean;
  timescale: boolean;
  accounts: AccountConfig[];
  secrets: CollectorSecrets & { generated: (keyof CollectorSecrets)[] };
  demo: DemoAccount | null;
  stop(): Promise<void>;
}

/**
 * Starts everything `exowatch serve` runs: the database (embedded when no DATABASE_URL), demo mode
 * (the simulator) when no Exotel account is configured, the per-account sync schedule, and the HTTP
 * API with /metrics. stop() undoes it in reverse order.
 */
export async function startCollector(config: ExowatchConfig): Promise<RunningCollector> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const undo of stack.reverse())
      await undo().catch((error: Error) => log.error({ err: error.message }, 'shutdown step failed'));
  };
  try {
    const secrets = resolveSecrets(config.dataDir, {
      apiToken: config.tokens.api,
      adminToken: config.tokens.admin,
      webhookSecret: config.accounts.find((a) => a.webhookSecret)?.webhookSecret,
    });

    let accounts = config.accounts;
    let sync = config.sync;
    let demo: DemoAccount | null = null;
    if (accounts.length === 0) {
      demo = await startDemoAccount();
      stack.push(() => demo!.stop());
      accounts = [demo.account];
      // A demo should open on a week of history, not an empty dashboard.
      sync = { ...sync, initialLookbackHours: Math.max(sync.initialLookbackHours, 7 * 24) };
    }

    const db: Database = await openDatabase(config);
    stack.push(() => db.close());

    const metrics = createMetricsRegistry();
    const sources = accounts.map((account) => ({ ...account, source: createExotelClient(account) }));
    const scheduler: SyncScheduler = startSyncScheduler(db.pool, sources, sync);
    stack.push(() => scheduler.stop());
    // Runs before scheduler.stop(): closing the clients aborts a sync in flight instead of awaiting it.
    stack.push(async () => {
      for (const { source } of sources) source.close();
      accountLimiters.closeAll();
    });
    void scheduler.runAll();

    const app = createApp({
      routers: [
        healthRouter(
          db.pool,
          accounts.map((a) => a.sid),
          VERSION,
        ),
      ],
      metrics,
      readTokens: [secrets.apiToken, secrets.adminToken],
    });
    const server: Server = await new Promise((resolve, reject) => {
      const listening = app.listen(config.server.port, config.server.host, () => resolve(listening));
      listening.once('error', reject);
    });
    stack.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const host = config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host;
    const apiUrl = `http://${host}:${port}`;

    return {
      apiUrl,
      metricsUrl: `${apiUrl}/metrics`,
      databaseUrl: db.url,
      embeddedDatabase: db.embedded,
      timescale: db.timescale,
      accounts,
      secrets,
      demo,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
