import type { Pool } from 'pg';
import { log } from '../log';

/**
 * TimescaleDB is optional (design decision 1). When the extension can be installed, the time-series
 * tables become hypertables with compression and retention policies; otherwise they stay plain tables
 * and every query works the same. Statements follow TimescaleDB 2.x's documented API
 * (create_hypertable, ALTER TABLE … SET (timescaledb.compress …), add_compression_policy,
 * add_retention_policy).
 */
export interface TimescaleSettings {
  /** Compress chunks older than this (PostgreSQL interval text). */
  compressAfter: string;
  /** Drop chunks older than this; null keeps everything. */
  retainFor: string | null;
  chunkInterval: string;
}

export const DEFAULT_TIMESCALE_SETTINGS: TimescaleSettings = {
  compressAfter: '7 days',
  retainFor: null,
  chunkInterval: '7 days',
};

/** Hypertables and the column each is partitioned on; later migrations add their event tables here. */
export const HYPERTABLES: readonly { table: string; timeColumn: string; segmentBy: string }[] = [
  { table: 'calls', timeColumn: 'date_created', segmentBy: 'account_sid' },
];

export interface TimescaleStatus {
  available: boolean;
  installedVersion: string | null;
}

export async function timescaleStatus(pool: Pool): Promise<TimescaleStatus> {
  const { rows } = await pool.query<{ default_version: string; installed_version: string | null }>(
    "SELECT default_version, installed_version FROM pg_available_extensions WHERE name = 'timescaledb'",
  );
  return { available: rows.length > 0, installedVersion: rows[0]?.installed_version ?? null };
}

/** The statements applyTimescale runs for one table (pure, so they can be reviewed and tested). */
export function timescaleStatements(
  hypertable: (typeof HYPERTABLES)[number],
  settings: TimescaleSettings,
): string[] {
  const { table, timeColumn, segmentBy } = hypertable;
  const statements = [
    `SELECT create_hypertable('${table}', '${timeColumn}', chunk_time_interval => INTERVAL '${settings.chunkInterval}', migrate_data => true, if_not_exists => true)`,
    `ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = '${segmentBy}', timescaledb.compress_orderby = '${timeColumn} DESC')`,
    `SELECT remove_compression_policy('${table}', if_exists => true)`,
    `SELECT add_compression_policy('${table}', INTERVAL '${settings.compressAfter}')`,
    `SELECT remove_retention_policy('${table}', if_exists => true)`,
  ];
  if (settings.retainFor) {
    statements.push(`SELECT add_retention_policy('${table}', INTERVAL '${settings.retainFor}')`);
  }
  return statements;
}

const INTERVAL_TEXT = /^\d+ (second|minute|hour|day|week|month|year)s?$/;

export function validateTimescaleSettings(settings: TimescaleSettings): void {
  for (const [name, value] of Object.entries(settings)) {
    if (value !== null && !INTERVAL_TEXT.test(value)) {
      throw new Error(
        `timescale.${name} must look like "7 days" or "6 months", got ${JSON.stringify(value)}`,
      );
    }
  }
}

/** Returns true when TimescaleDB was set up, false when it is not available (plain PostgreSQL). */
export async function applyTimescale(pool: Pool, settings = DEFAULT_TIMESCALE_SETTINGS): Promise<boolean> {
  validateTimescaleSettings(settings);
  const status = await timescaleStatus(pool);
  if (!status.available) {
    log.info('TimescaleDB extension not available: using plain PostgreSQL tables');
    return false;
  }
  await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
  for (const hypertable of HYPERTABLES) {
    for (const statement of timescaleStatements(hypertable, settings)) await pool.query(statement);
  }
  log.info({ hypertables: HYPERTABLES.map((h) => h.table) }, 'TimescaleDB hypertables and policies in place');
  return true;
}
