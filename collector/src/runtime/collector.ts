import { Router } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from '../api/app';
import { createQueryLanes } from '../api/queryLanes';
import { startQueryThreads, type QueryThreads } from '../api/queryThread';
import { calendarsRouter } from '../api/calendarsRoutes';
import { healthRouter } from '../api/health';
import { privacyRouter } from '../api/privacyRoutes';
import { tagsRouter } from '../api/tagsRoutes';
import { configureCallbacks, refreshCallbacks } from '../callbacks/missedCalls';
import { countWaitingByTeam } from '../callbacks/waiting';
import { extendCalendarHorizon } from '../calendars/store';
import type { AccountConfig, ExowatchConfig } from '../config/load';
import { accountLimiters, ExotelClientClosedError } from '../exotel';
import { createExoPhoneHealthService } from '../exophones';
import { refreshHealthFromDetails } from '../exophones/detailsRead';
import { log } from '../log';
import { createPool } from '../store/db';
import { createCollectorMetrics, recordCountedCalls } from '../metrics/collector';
import { createMetricsRegistry } from '../metrics/registry';
import { teamsOfCalls } from '../calls/callTeams';
import { configureRollups, refreshRollups } from '../rollups/rollups';
import { readAgentStates } from '../store/agentStates';
import { readAllSyncStates } from '../store/syncState';
import { syncExoPhoneList } from '../sync/exophoneList';
import { NO_TRAFFIC_READINGS, readTraffic } from '../traffic/readings';
import { runBackfill } from '../sync/backfill';
import { startSyncScheduler, type SyncScheduler } from '../sync/scheduler';
import { VERSION } from '../version';
import { createWebhookService, WEBHOOK_CONNECTIONS, type WebhookUrls } from '../webhooks';
import { applyRetention } from '../privacy/retention';
import { createInFlight, startPeriodicTask } from './backgroundWork';
import { openDatabase, type Database } from './database';
import { startDemoAccount, type DemoAccount } from './demo';
import { addDemoCalendars } from './demoCalendars';
import { DEMO_HISTORY_DAYS, tagDemoTeams } from './demoTags';
import { createExotelClient } from './exotelClients';
import { resolveSecrets, type CollectorSecrets } from './secrets';

export interface RunningCollector {
  apiUrl: string;
  metricsUrl: string;
  databaseUrl: string;
  /** The embedded server's data folder; null with DATABASE_URL. */
  embeddedDataDir: string | null;
  timescale: boolean;
  accounts: AccountConfig[];
  secrets: CollectorSecrets & { generated: (keyof CollectorSecrets)[] };
  /** The URLs to paste into Exotel, per account. */
  webhookUrls: WebhookUrls[];
  demo: DemoAccount | null;
  /** What stop() undoes, in the order it does it. */
  readonly shutdownOrder: readonly string[];
  stop(): Promise<void>;
}

/** The ExoPhone list changes rarely; it is refreshed at start-up and once a day. */
const EXOPHONE_LIST_SCHEDULE = '17 3 * * *';
/** Rollups are brought up to date every minute (queries stay correct in between: see query/rollups). */
const ROLLUP_SCHEDULE = '30 * * * * *';
/** Expected vs observed traffic for the Prometheus gauges, each minute after the rollups. */
const TRAFFIC_SCHEDULE = '45 * * * * *';

/**
 * Starts everything `exowatch serve` runs: the database (embedded when no DATABASE_URL), demo mode
 * (the simulator) when no Exotel account is configured, the per-account sync schedule, the webhook
 * receivers with their journal, ExoPhone health, and the HTTP API with /metrics. stop() undoes it
 * in reverse order of start, arranged so that nothing accepted is lost and nothing is cut off:
 * the demo's webhook feed and the sync first, then the webhooks (stop accepting, drain the journal
 * into the database), then the HTTP API, then the pool and the database.
 */
export async function startCollector(config: ExowatchConfig): Promise<RunningCollector> {
  const stack: { step: string; undo: () => Promise<void> }[] = [];
  const onStop = (step: string, undo: () => Promise<void>) => stack.push({ step, undo });
  const shutdownOrder = () => stack.map(({ step }) => step).reverse();
  const stop = async () => {
    for (const { step, undo } of stack.reverse()) {
      log.debug({ step }, 'stopping');
      await undo().catch((error: Error) => log.error({ step, err: error.message }, 'shutdown step failed'));
    }
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
      onStop('simulator', () => demo!.stop());
      accounts = [demo.account];
      // A demo should open on a week of history, not an empty dashboard.
      sync = { ...sync, initialLookbackHours: Math.max(sync.initialLookbackHours, 7 * 24) };
    }

    const db: Database = await openDatabase(config);
    onStop('database', () => db.close());
    // Stopped once the HTTP API no longer proxies to it.
    let queryThreads: QueryThreads | null = null;
    onStop('query workers', () => queryThreads?.stop() ?? Promise.resolve());
    // Closed after the webhooks have drained (it serves them) and before the pool (it queries it).
    let server: Server | null = null;
    onStop('http api', () => (server ? closeServer(server) : Promise.resolve()));

    if (demo) {
      await tagDemoTeams(db.pool, demo.simulator.account);
      await addDemoCalendars(db.pool, demo.simulator.account);
    }

    // Rollups are bucketed in the business time zone: the first account's.
    const businessTimeZone = accounts[0]!.timeZone;
    await configureRollups(db.pool, businessTimeZone);
    // The calendars' materialised periods are kept weeks ahead of now, then the rollups refreshed.
    const rollupTask = startPeriodicTask('rollup refresh', ROLLUP_SCHEDULE, (signal) =>
      extendCalendarHorizon(db.pool).then(() => refreshRollups(db.pool, { signal })),
    );
    onStop('rollup schedule', () => rollupTask.stop());

    const metrics = createCollectorMetrics(createMetricsRegistry());
    metrics.setSource('sync', () => readAllSyncStates(db.pool));
    metrics.setSource('agentStates', () => readAgentStates(db.pool, new Date()));
    await configureCallbacks(db.pool, config.callbacks);
    const callbackTask = startPeriodicTask('callback refresh', ROLLUP_SCHEDULE, (signal) =>
      refreshCallbacks(db.pool, { signal })
        .then(() => countWaitingByTeam(db.pool, Date.now()))
        .then((byTeam) => metrics.setMissedCallbacksOpen(byTeam)),
    );
    onStop('callback schedule', () => callbackTask.stop());
    metrics.setSource('exotelPace', () => accountLimiters.effectiveRates());
    let traffic = NO_TRAFFIC_READINGS;
    metrics.setSource('traffic', () => traffic);
    const trafficTask = startPeriodicTask('expected traffic refresh', TRAFFIC_SCHEDULE, () =>
      readTraffic(db.pool, { now: new Date(), timeZone: businessTimeZone }).then(
        (readings) => void (traffic = readings),
      ),
    );
    onStop('traffic schedule', () => trafficTask.stop());

    const retentionTask = startPeriodicTask('privacy retention', config.privacy.schedule, (signal) =>
      applyRetention(db.pool, config.privacy, { now: new Date(), signal }),
    );
    onStop('retention schedule', () => retentionTask.stop());
    void trafficTask.runNow();
    const accountSids = accounts.map((a) => a.sid);
    const heartbeatIntervalSeconds = config.webhooks.heartbeatIntervalSeconds;

    const health = createExoPhoneHealthService({
      pool: db.pool,
      accountSids,
      heartbeatIntervalSeconds,
      metrics,
    });
    const sources = accounts.map((account) => ({ ...account, source: createExotelClient(account, metrics) }));
    const detailsReads = createInFlight();
    const readExoPhoneDetails = (accountSid: string, at: Date) => {
      const account = sources.find((a) => a.sid === accountSid);
      if (!account) return;
      void detailsReads.track('reading ExoPhone details after a PAYLOAD_TOO_LARGE heartbeat', () =>
        refreshHealthFromDetails(db.pool, account.source, accountSid, at, heartbeatIntervalSeconds * 1000)
          .then(() => health.refresh())
          .catch((error: Error) => {
            // Closing the clients at shutdown aborts a read in flight: that is stopping, not a failure.
            if (!(error instanceof ExotelClientClosedError)) throw error;
          }),
      );
    };
    // Webhooks write through connections of their own, so dashboard queries can never queue them.
    const webhookPool = createPool(db.url, { max: WEBHOOK_CONNECTIONS });
    onStop('webhook connections', () => webhookPool.end());
    const webhooks = createWebhookService({
      pool: webhookPool,
      accounts: accounts.map((a) => ({
        sid: a.sid,
        timeZone: a.timeZone,
        webhookSecret: a.webhookSecret ?? secrets.webhookSecret,
      })),
      journalDir: join(config.dataDir, 'journal'),
      metrics,
      health,
      heartbeatIntervalSeconds,
      onPayloadTooLarge: readExoPhoneDetails,
      journal: { fsync: config.webhooks.journalFsync, maxBytes: config.webhooks.journalMaxBytes },
    });
    // The journal is replayed before the first request is accepted.
    await webhooks.start();
    // Stops accepting (503) and writes what the journal holds; the rest is replayed at the next start.
    onStop('webhooks', () => webhooks.stop());
    await health.start();
    onStop('exophone health', () => health.stop());

    const teamCounts = createInFlight();
    const scheduler: SyncScheduler = startSyncScheduler(db.pool, sources, sync, {
      onCountedCalls: (calls) =>
        // One team lookup per page for every call the counters need.
        void teamCounts.track('counting calls by team', () =>
          teamsOfCalls(db.pool, [...calls.inserted, ...calls.offered, ...calls.answered]).then((teams) =>
            recordCountedCalls(metrics, calls, teams),
          ),
        ),
    });
    // Each refresh ends with a health tick, not only a re-read: ExoPhones new to the list start from the
    // last heartbeat.
    const exophoneTask = startPeriodicTask('ExoPhone list refresh', EXOPHONE_LIST_SCHEDULE, () =>
      Promise.all(
        sources.map(({ sid, source }) =>
          syncExoPhoneList(db.pool, source, sid).catch((error: Error) => {
            // Closing the clients at shutdown aborts a refresh in flight: that is stopping, not a failure.
            if (error instanceof ExotelClientClosedError) return;
            log.warn(
              { accountSid: sid, err: error.message },
              'ExoPhone list refresh failed; will retry tomorrow',
            );
          }),
        ),
      ).then(() => health.tick()),
    );
    onStop('exophone list schedule', () => exophoneTask.stop());
    const firstSync = scheduler.runAll();
    // Until a refresh stores them, every query reads the slots the first sync marked from the raw calls
    // (a week of them in demo mode: seconds per callback panel). Refresh as soon as it ends, not at the
    // next scheduled minute. runNow never rejects (failures are logged) and joins a run in flight.
    void firstSync
      .catch(() => undefined)
      .then(() => Promise.all([rollupTask.runNow(), callbackTask.runNow()]));
    const demoHistory = demo
      ? firstSync.then(async () => {
          const { source, ...account } = sources[0]!;
          const now = new Date();
          await runBackfill(db.pool, source, account, {
            from: new Date(now.getTime() - DEMO_HISTORY_DAYS * 86_400_000),
            to: new Date(now.getTime() - sync.initialLookbackHours * 3_600_000),
            now,
          });
        })
      : Promise.resolve();
    const demoHistoryDone = demoHistory.catch((error: Error) =>
      log.debug({ err: error.message }, 'demo history backfill stopped'),
    );
    // Closing the clients aborts a sync in flight instead of awaiting it; the scheduler knows it is stopping.
    onStop('sync', async () => {
      const stopped = scheduler.stop();
      for (const { source } of sources) source.close();
      accountLimiters.closeAll();
      await stopped;
      await detailsReads.settled();
      await demoHistoryDone;
      await teamCounts.settled();
    });
    void exophoneTask.runNow();

    const queryLanes = createQueryLanes(config.server.queryConcurrency);
    queryThreads = await startQueryThreads(
      { databaseUrl: db.url, defaultTimeZone: businessTimeZone, adminToken: secrets.adminToken },
      config.server.queryConcurrency,
    );
    metrics.setSource('queryLanes', () =>
      Object.entries(queryLanes).map(([lane, slots]) => ({ lane, ...slots.counts() })),
    );
    const app = createApp({
      routers: [
        healthRouter(db.pool, accountSids, VERSION),
        tagsRouter({ pool: db.pool, adminToken: secrets.adminToken }),
        calendarsRouter({ pool: db.pool, adminToken: secrets.adminToken }),
        privacyRouter({
          pool: db.pool,
          adminToken: secrets.adminToken,
          journalDir: join(config.dataDir, 'journal'),
        }),
        // The dashboards' routes (queries, annotations, lists, the callback worklist): the worker's.
        Router().use('/api/v1', queryThreads.handler),
      ],
      webhooks: webhooks.handler,
      metrics: metrics.registry,
      readTokens: [secrets.apiToken, secrets.adminToken],
      queryLanes,
    });
    const listening: Server = await new Promise((resolve, reject) => {
      const started = app.listen(config.server.port, config.server.host, () => resolve(started));
      started.once('error', reject);
    });
    server = listening;
    const { port } = listening.address() as AddressInfo;
    const host = config.server.host === '0.0.0.0' ? '127.0.0.1' : config.server.host;
    const apiUrl = `http://${host}:${port}`;
    const urls = webhooks.urlsFor(config.webhooks.publicUrl ?? apiUrl);
    if (demo) {
      demo.startWebhooks(webhooks.urlsFor(apiUrl)[0]!, heartbeatIntervalSeconds);
      // The simulated Exotel stops pushing before anything else stops.
      onStop('demo webhook feed', async () => demo!.stopWebhooks());
    }

    return {
      apiUrl,
      metricsUrl: `${apiUrl}/metrics`,
      databaseUrl: db.url,
      embeddedDataDir: db.embeddedDataDir,
      timescale: db.timescale,
      accounts,
      secrets,
      webhookUrls: urls,
      demo,
      shutdownOrder: shutdownOrder(),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops accepting connections, ends idle keep-alive ones, and resolves once in-flight requests end. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
