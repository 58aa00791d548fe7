import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Pool, PoolClient } from 'pg';
import type { Journal, JournalBatch } from '../journal/journal';
import { log } from '../log';
import type { CollectorMetrics } from '../metrics/collector';
import { DEFAULT_TIME_ZONE } from '../exotel/time';
import { inTransaction } from '../store/db';
import {
  insertAgentEvents,
  insertHeartbeatEvents,
  insertPassthruEvents,
  insertStatusCallbackEvents,
} from './events';
import { applyHeartbeat } from '../exophones/healthStore';
import type { WebhookRoute } from './eventKey';
import type { PassthruEvent } from './passthru';
import { decodeRecord, type WebhookRecord } from './record';
import { emptyRows, recordToRows, type EventRows } from './rows';

export interface JournalWriterOptions {
  journal: Journal;
  pool: Pool;
  timeZoneOf: (accountSid: string) => string | undefined;
  heartbeatIntervalMs: number;
  metrics?: CollectorMetrics;
  /** Label hook: the team of a Passthru event once tags exist. Default: no team (''). */
  teamOf?: (accountSid: string, event: PassthruEvent) => string;
  /** Called after heartbeats were folded into ExoPhone health. */
  onHeartbeatsApplied?: () => void;
  /** Called after a new PAYLOAD_TOO_LARGE heartbeat was stored (it names no ExoPhone: read their details). */
  onPayloadTooLarge?: (accountSid: string, receivedAt: Date) => void;
  /** Records per database transaction. Default 500. */
  batchRecords?: number;
  /** Default 8 MiB. */
  batchBytes?: number;
  /** Backoff after a failed write: doubles from `retryInitialMs` up to `retryMaxMs`. Defaults 250 / 10 000. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

interface StoredKeys {
  passthru: Set<string>;
  agentEvents: Set<string>;
  statusCallbacks: Set<string>;
  heartbeats: Set<string>;
  heartbeatsApplied: boolean;
}

const PREPARE_CHUNK = 50;

/** SQLSTATE classes where retrying the same rows cannot help: data exceptions, integrity, limits. */
const PERMANENT_ERROR = /^(22|23|54)/;

/**
 * Moves journal records into PostgreSQL: reads a batch, writes it in one transaction (multi-row
 * upserts, heartbeats folded into ExoPhone health), then marks it committed so its segments can be
 * deleted. While the database is unreachable it retries the same batch with backoff; the webhook
 * handlers never wait for it.
 */
export class JournalWriter {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private readonly wake = new AbortController();

  constructor(private readonly options: JournalWriterOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Writes until the journal is empty or `deadlineMs` passes, then stops. */
  async stop(deadlineMs = 5000): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    while (this.loop && this.options.journal.depth().events > 0 && Date.now() < deadline) await sleep(20);
    this.stopping = true;
    this.wake.abort();
    await this.loop;
    this.loop = null;
  }

  private async run(): Promise<void> {
    const { journal } = this.options;
    let failures = 0;
    // A batch that failed is retried as prepared: converting it again would block the event loop
    // (and so the webhook answers) on every retry of a long outage.
    let pending: { batch: JournalBatch; rows: EventRows } | null = null;
    while (!this.stopping) {
      if (!pending) {
        const batch = await journal.readBatch(
          this.options.batchRecords ?? 500,
          this.options.batchBytes ?? 8 * 1024 * 1024,
        );
        if (!batch) {
          await journal.waitForData(250);
          continue;
        }
        pending = { batch, rows: await this.prepare(batch.records) };
      }
      const current = pending;
      try {
        await this.store(current.rows);
        await journal.commit(current.batch);
        pending = null;
        failures = 0;
      } catch (error) {
        failures++;
        this.options.metrics?.webhookDatabaseErrors.inc();
        if (PERMANENT_ERROR.test((error as { code?: string }).code ?? '')) {
          await this.writeOneByOne(current.batch).catch(() => undefined);
          pending = null;
          continue;
        }
        const delay = Math.min(
          (this.options.retryInitialMs ?? 250) * 2 ** (failures - 1),
          this.options.retryMaxMs ?? 10_000,
        );
        log.warn(
          { err: (error as Error).message, retryInMs: delay, pending: journal.depth() },
          'webhook events not written yet; retrying',
        );
        await sleep(delay, undefined, { signal: this.wake.signal }).catch(() => undefined);
      }
    }
  }

  /** Records → rows, yielding to the event loop between chunks so webhook answers never wait long. */
  private async prepare(payloads: Buffer[]): Promise<EventRows> {
    const rows = emptyRows();
    for (let start = 0; start < payloads.length; start += PREPARE_CHUNK) {
      for (const record of this.decode(payloads.slice(start, start + PREPARE_CHUNK)))
        this.toRows(record, rows);
      await yieldToEventLoop();
    }
    return rows;
  }

  private async store(rows: EventRows): Promise<void> {
    const stored = await inTransaction(this.options.pool, (client) => this.insert(client, rows));
    this.count(rows, stored);
    if (stored.heartbeatsApplied) this.options.onHeartbeatsApplied?.();
    const tooLarge = new Set<string>();
    for (const row of rows.heartbeats) {
      if (row.event.statusType !== 'PAYLOAD_TOO_LARGE' || !stored.heartbeats.has(row.eventKey)) continue;
      if (tooLarge.has(row.eventKey)) continue;
      tooLarge.add(row.eventKey);
      this.options.onPayloadTooLarge?.(row.accountSid, row.receivedAt);
    }
  }

  /** A batch the database refused: every record alone, dropping (and counting) the ones refused again. */
  private async writeOneByOne(batch: JournalBatch): Promise<void> {
    for (const record of this.decode(batch.records)) {
      const rows = emptyRows();
      this.toRows(record, rows);
      try {
        await this.store(rows);
      } catch (error) {
        if (!PERMANENT_ERROR.test((error as { code?: string }).code ?? '')) throw error;
        this.drop(record.route, 'database_rejected', error as Error);
      }
    }
    await this.options.journal.commit(batch);
  }

  private decode(payloads: Buffer[]): WebhookRecord[] {
    return payloads.flatMap((payload) => {
      try {
        return [decodeRecord(payload)];
      } catch (error) {
        this.drop('unknown', 'unreadable_record', error as Error);
        return [];
      }
    });
  }

  private toRows(record: WebhookRecord, rows: EventRows): void {
    try {
      recordToRows(record, this.options.timeZoneOf(record.accountSid) ?? DEFAULT_TIME_ZONE, rows);
    } catch (error) {
      this.drop(record.route, 'unparseable_record', error as Error);
    }
  }

  private drop(route: WebhookRoute | 'unknown', reason: string, error: Error): void {
    this.options.metrics?.webhookEventsDropped.inc({ route, reason });
    log.error({ route, reason, err: error.message }, 'webhook journal record dropped');
  }

  private async insert(client: PoolClient, rows: EventRows): Promise<StoredKeys> {
    const passthru = await insertPassthruEvents(client, rows.passthru);
    const agentEvents = await insertAgentEvents(client, rows.agentEvents);
    const statusCallbacks = await insertStatusCallbackEvents(client, rows.statusCallbacks);
    const heartbeats = await insertHeartbeatEvents(client, rows.heartbeats);
    let heartbeatsApplied = false;
    const newHeartbeats = [...new Map(rows.heartbeats.map((row) => [row.eventKey, row])).values()]
      .filter((row) => heartbeats.has(row.eventKey))
      .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    for (const row of newHeartbeats) {
      const applied = await applyHeartbeat(
        client,
        row.accountSid,
        row.event,
        row.receivedAt,
        this.options.heartbeatIntervalMs,
      );
      heartbeatsApplied ||= applied;
    }
    return { passthru, agentEvents, statusCallbacks, heartbeats, heartbeatsApplied };
  }

  /** Counts after the commit, so a retried batch is not counted twice. */
  private count(rows: EventRows, stored: StoredKeys): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    const tally = (route: WebhookRoute, total: number, inserted: number) => {
      if (inserted > 0) metrics.webhookEventsStored.inc({ route }, inserted);
      if (total > inserted) metrics.webhookEventsDuplicate.inc({ route }, total - inserted);
    };
    tally('passthru', rows.passthru.length, stored.passthru.size);
    tally('agent', rows.agentEvents.length, stored.agentEvents.size);
    tally('status-callback', rows.statusCallbacks.length, stored.statusCallbacks.size);
    tally('heartbeat', rows.heartbeats.length, stored.heartbeats.size);
    const counted = new Set<string>();
    for (const row of rows.passthru) {
      if (!stored.passthru.has(row.eventKey) || counted.has(row.eventKey)) continue;
      counted.add(row.eventKey);
      metrics.passthruEvents.inc({
        direction: row.event.direction ?? '',
        call_type: row.event.callType ?? '',
        dial_call_status: row.event.dialCallStatus ?? '',
        flow: row.event.flowId ?? '',
        team: this.options.teamOf?.(row.accountSid, row.event) ?? '',
      });
    }
    for (const row of rows.heartbeats) {
      if (stored.heartbeats.has(row.eventKey))
        metrics.heartbeats.inc({ account: row.accountSid, status_type: row.event.statusType ?? '' });
    }
  }
}
