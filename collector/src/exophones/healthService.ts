import type { Pool } from 'pg';
import { log } from '../log';
import type { CollectorMetrics, HealthReadings } from '../metrics/collector';
import { applySilence, readHealthSnapshot, type HealthSnapshot } from './healthStore';
import { effectiveState } from './health';

export interface ExoPhoneHealthServiceOptions {
  pool: Pool;
  accountSids: readonly string[];
  /** The frequency set in Exotel's Notifications Settings. Default 300 (5 minutes). */
  heartbeatIntervalSeconds?: number;
  /** How often silence is checked and the gauges re-read from the database. Default 15 000. */
  tickMs?: number;
  metrics?: CollectorMetrics;
  now?: () => Date;
}

export interface ExoPhoneHealthService {
  /** Runs a first tick, then ticks every tickMs. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Marks states unknown after silence, then re-reads the current states. */
  tick(): Promise<void>;
  /** Re-reads the current states (called after heartbeats were stored). */
  refresh(): Promise<void>;
  /** A heartbeat was accepted here (it may not be in the database yet). */
  noteHeartbeat(accountSid: string, at: Date): void;
  readings(): HealthReadings;
}

/**
 * The ExoPhone health the metrics report. The database holds the truth (heartbeats from any
 * replica land there); this service reads it periodically, and reports `unknown` by itself when
 * the last heartbeat is more than two intervals old, even while the database is unreachable.
 */
export function createExoPhoneHealthService(options: ExoPhoneHealthServiceOptions): ExoPhoneHealthService {
  const intervalMs = (options.heartbeatIntervalSeconds ?? 300) * 1000;
  const now = options.now ?? (() => new Date());
  let snapshot: HealthSnapshot = { lastHeartbeatAt: new Map(), rows: [] };
  const receivedHere = new Map<string, Date>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const lastHeartbeat = (accountSid: string): Date | null => {
    const stored = snapshot.lastHeartbeatAt.get(accountSid)?.getTime() ?? 0;
    const local = receivedHere.get(accountSid)?.getTime() ?? 0;
    const latest = Math.max(stored, local);
    return latest > 0 ? new Date(latest) : null;
  };

  const refresh = async () => {
    snapshot = await readHealthSnapshot(options.pool, options.accountSids);
  };

  const tick = async () => {
    for (const accountSid of options.accountSids)
      await applySilence(options.pool, accountSid, now(), intervalMs);
    await refresh();
  };

  const guardedTick = () => {
    running ??= tick()
      .catch((error: Error) =>
        log.warn({ err: error.message }, 'ExoPhone health tick failed; retrying at the next tick'),
      )
      .finally(() => (running = null));
    return running;
  };

  const service: ExoPhoneHealthService = {
    async start() {
      await guardedTick();
      timer = setInterval(() => void guardedTick(), options.tickMs ?? 15_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
    tick,
    refresh,
    noteHeartbeat(accountSid, at) {
      receivedHere.set(accountSid, at);
    },
    readings() {
      const at = now();
      return {
        exophones: snapshot.rows.map((row) => ({
          exophone: row.phoneNumber ?? row.exophoneSid,
          direction: row.direction,
          region: row.region ?? '',
          state: effectiveState(row.state, lastHeartbeat(row.accountSid), at, intervalMs),
        })),
        heartbeatAgeSeconds: new Map(
          options.accountSids.map((accountSid) => {
            const last = lastHeartbeat(accountSid);
            return [accountSid, last ? (at.getTime() - last.getTime()) / 1000 : null];
          }),
        ),
      };
    },
  };
  options.metrics?.setSource('health', () => service.readings());
  return service;
}
