import type { RequestHandler } from 'express';
import type { Pool } from 'pg';
import type { ExoPhoneHealthService } from '../exophones/healthService';
import { Journal, type FsyncPolicy } from '../journal/journal';
import type { CollectorMetrics } from '../metrics/collector';
import { DEFAULT_BODY_LIMITS, type BodyLimits } from './input';
import type { PassthruEvent } from './passthru';
import { DEFAULT_TIME_ZONE } from '../exotel/time';
import { encodeRecord } from './record';
import { createWebhookHandler } from './router';
import { emptyRows, recordToRows } from './rows';
import { webhookUrls, type WebhookAccount, type WebhookUrls } from './urls';
import { JournalWriter } from './writer';

/**
 * The size of the pool the collector gives the webhook service, apart from the one dashboards query
 * through: the writer stores one batch at a time, heartbeats are applied beside it.
 */
export const WEBHOOK_CONNECTIONS = 2;

export interface WebhookServiceOptions {
  pool: Pool;
  accounts: readonly WebhookAccount[];
  /** Folder of the durable journal (e.g. `<dataDir>/journal`); one per collector process. */
  journalDir: string;
  metrics?: CollectorMetrics;
  /** Updated as heartbeats arrive and are stored. */
  health?: ExoPhoneHealthService;
  /** Exotel's heartbeat frequency. Default 300. */
  heartbeatIntervalSeconds?: number;
  journal?: {
    /** Default `none` (survives a process crash; see docs/webhooks.md for power loss). */
    fsync?: FsyncPolicy;
    fsyncIntervalMs?: number;
    /** Uncommitted bytes beyond which webhooks are answered 503. Default 256 MiB. */
    maxBytes?: number;
    segmentBytes?: number;
    segmentMaxAgeMs?: number;
  };
  limits?: Partial<BodyLimits>;
  /**
   * Called once per new PAYLOAD_TOO_LARGE heartbeat, after it is stored: health then comes from the
   * ExoPhone details API (refreshHealthFromDetails), which the caller reaches with the account's client.
   */
  onPayloadTooLarge?: (accountSid: string, receivedAt: Date) => void;
  /** Label hook for exowatch_passthru_events_total{team}. */
  teamOf?: (accountSid: string, event: PassthruEvent) => string;
  writer?: { batchRecords?: number; retryInitialMs?: number; retryMaxMs?: number };
}

export interface WebhookService {
  /** Mount on the collector's app (createApp's `webhooks`). Answers 503 until start() resolved. */
  handler: RequestHandler;
  /** Opens the journal (replaying what an earlier process left) and starts the database writer. */
  start(): Promise<void>;
  /** Stops accepting, writes what it can within `deadlineMs` (default 5000); the rest stays journaled. */
  stop(deadlineMs?: number): Promise<void>;
  /** The URLs to paste into Exotel, for the collector's public base URL. */
  urlsFor(publicBaseUrl: string): WebhookUrls[];
  /** Events and bytes accepted but not yet in the database. */
  depth(): { events: number; bytes: number };
}

/**
 * Runs the request-path parsing once (time-zone data, number patterns, hashing), so the first
 * webhook after a restart is answered as fast as the others.
 */
function warmUp(): void {
  const input = {
    CallSid: 'warmup',
    CallFrom: '09901320691',
    StartTime: '2024-07-31 16:42:56',
    Created: 'Wed, 31 Jul 2024 16:42:56',
  };
  recordToRows(
    { route: 'passthru', accountSid: 'warmup', receivedAt: Date.now(), input },
    DEFAULT_TIME_ZONE,
    emptyRows(),
  );
  encodeRecord({ route: 'heartbeat', accountSid: 'warmup', receivedAt: Date.now(), input: {} });
}

export function createWebhookService(options: WebhookServiceOptions): WebhookService {
  const intervalMs = (options.heartbeatIntervalSeconds ?? 300) * 1000;
  const zones = new Map(options.accounts.map((account) => [account.sid, account.timeZone]));
  let journal: Journal | null = null;
  let writer: JournalWriter | null = null;

  const handler = createWebhookHandler({
    accounts: options.accounts,
    limits: { ...DEFAULT_BODY_LIMITS, ...options.limits },
    metrics: options.metrics,
    onHeartbeat: (accountSid, at) => options.health?.noteHeartbeat(accountSid, at),
    append: (record) => {
      if (!journal) return Promise.reject(new Error('the webhook journal is not open yet'));
      return journal.append(encodeRecord(record));
    },
  });

  const depth = () => journal?.depth() ?? { events: 0, bytes: 0 };
  options.metrics?.setSource('journal', depth);

  return {
    handler,
    depth,
    urlsFor: (publicBaseUrl) => webhookUrls(publicBaseUrl, options.accounts),
    async start() {
      warmUp();
      journal = await Journal.open({ dir: options.journalDir, ...options.journal });
      writer = new JournalWriter({
        journal,
        pool: options.pool,
        timeZoneOf: (accountSid) => zones.get(accountSid),
        heartbeatIntervalMs: intervalMs,
        metrics: options.metrics,
        teamOf: options.teamOf,
        onHeartbeatsApplied: () => void options.health?.refresh().catch(() => undefined),
        onPayloadTooLarge: options.onPayloadTooLarge,
        ...options.writer,
      });
      writer.start();
    },
    async stop(deadlineMs) {
      const open = journal;
      journal = null;
      await writer?.stop(deadlineMs);
      await open?.close();
    },
  };
}
