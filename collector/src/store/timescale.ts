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

/**
 * What the server offers. TimescaleDB 2.x must be loaded through `shared_preload_libraries`: without
 * it, `CREATE EXTENSION timescaledb` fails with FATAL `extension "timescaledb" must be preloaded` (and
 * the connection is closed), while the extension is still listed in pg_available_extensions, which
 * only reflects the control files installed (timescale/timescaledb issues #550, #562, #6809;
 * the loader in src/loader/loader.c).
 */
export interface TimescaleStatus {
  /** The extension's files are installed (listed in pg_available_extensions). */
  available: boolean;
  /** CREATE EXTENSION was run in this database. */
  installedVersion: string | null;
  /** The entries of shared_preload_libraries; null when this role may not read the setting. */
  preloadLibraries: string[] | null;
  /** The timescaledb loader is loaded in this server (preloaded). */
  preloaded: boolean;
}

/**
 * The entries of a shared_preload_libraries value ("a, \"b\", $libdir/c.so" -> a, b, c): PostgreSQL
 * accepts a comma-separated list of quoted or bare names, or paths to the library file.
 */
export function parsePreloadLibraries(setting: string): string[] {
  return setting
    .split(',')
    .map((entry) => entry.trim().replace(/^"(.*)"$/, '$1'))
    .filter((entry) => entry !== '')
    .map((entry) => entry.replace(/^.*\//, '').replace(/\.(so|dll|dylib)$/, ''));
}

/**
 * shared_preload_libraries is visible to superusers (and pg_read_all_settings) only; the loader's own
 * setting `timescaledb.disable_load` exists, for any role, exactly when the loader is preloaded.
 */
export function isTimescalePreloaded(
  preloadLibraries: string[] | null,
  loaderSettingVisible: boolean,
): boolean {
  return loaderSettingVisible || (preloadLibraries ?? []).includes('timescaledb');
}

export async function timescaleStatus(pool: Pool): Promise<TimescaleStatus> {
  const [extension, settings] = await Promise.all([
    pool.query<{ installed_version: string | null }>(
      "SELECT installed_version FROM pg_available_extensions WHERE name = 'timescaledb'",
    ),
    pool.query<{ name: string; setting: string }>(
      "SELECT name, setting FROM pg_settings WHERE name IN ('shared_preload_libraries', 'timescaledb.disable_load')",
    ),
  ]);
  const setting = (name: string) => settings.rows.find((row) => row.name === name)?.setting;
  const preloadSetting = setting('shared_preload_libraries');
  const preloadLibraries = preloadSetting === undefined ? null : parsePreloadLibraries(preloadSetting);
  return {
    available: extension.rows.length > 0,
    installedVersion: extension.rows[0]?.installed_version ?? null,
    preloadLibraries,
    preloaded: isTimescalePreloaded(preloadLibraries, setting('timescaledb.disable_load') !== undefined),
  };
}

export const ENABLE_TIMESCALE_ADVICE =
  "to enable it, add timescaledb to shared_preload_libraries in postgresql.conf (shared_preload_libraries = 'timescaledb', keeping any library already listed there) and restart PostgreSQL";

/** What start-up does with TimescaleDB, decided from the server's status alone. */
export type TimescalePlan =
  | { use: 'plain'; reason: 'not available' | 'not preloaded'; message: string }
  | { use: 'timescaledb'; createExtension: boolean }
  | { use: 'refuse'; message: string };

export function planTimescale(status: TimescaleStatus): TimescalePlan {
  if (status.installedVersion) {
    if (status.preloaded) return { use: 'timescaledb', createExtension: false };
    // The hypertables need the library: writing to them would fail, so do not start half-working.
    return {
      use: 'refuse',
      message: `TimescaleDB ${status.installedVersion} is installed in this database but the server does not preload it, so its hypertables cannot be used: ${ENABLE_TIMESCALE_ADVICE}`,
    };
  }
  if (!status.available) {
    return {
      use: 'plain',
      reason: 'not available',
      message: 'TimescaleDB extension not available: using plain PostgreSQL tables',
    };
  }
  if (!status.preloaded) {
    return {
      use: 'plain',
      reason: 'not preloaded',
      message: `TimescaleDB is installed on this server but not preloaded, so exowatch uses plain PostgreSQL tables (no compression or retention); ${ENABLE_TIMESCALE_ADVICE}, then restart exowatch`,
    };
  }
  return { use: 'timescaledb', createExtension: true };
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

/**
 * Whether UPDATE reaches rows in compressed chunks: from TimescaleDB 2.11.0 (CHANGELOG, #5339
 * "Support UPDATE/DELETE on compressed hypertables") and only on PostgreSQL 14 or later (the
 * HypertableModify node it needs does not exist before PG14: #5339, timescale/timescaledb#5985).
 * Elsewhere such an UPDATE fails with `cannot update/delete rows from chunk "…" as it is compressed`.
 */
export function updatesCompressedChunks(timescaleVersion: string, serverVersionNum: number): boolean {
  const [major = 0, minor = 0] = timescaleVersion.split('.').map(Number);
  return serverVersionNum >= 140000 && (major > 2 || (major === 2 && minor >= 11));
}

const DAYS_PER_UNIT: Record<string, number> = {
  second: 1 / 86_400,
  minute: 1 / 1_440,
  hour: 1 / 24,
  day: 1,
  week: 7,
  month: 30,
  year: 365,
};

/** Days in an interval setting ("7 days", "3 months"; a month counted as 30 days). */
export function intervalDays(text: string): number {
  const [count, unit] = text.split(' ');
  return Number(count) * DAYS_PER_UNIT[unit!.replace(/s$/, '')]!;
}

/**
 * The compression policy's age. Where retention cannot update compressed chunks
 * (updatesCompressedChunks), a chunk must stay uncompressed until retention has cleared its newest
 * rows: they pass the longest retention window, then wait for the next daily run (a day), which takes
 * up to another; so at least that window plus two days. Elsewhere retention updates compressed chunks
 * a batch at a time (privacy/retention.ts) and the setting stands.
 */
export function compressAfterFor(
  configured: string,
  longestRetentionDays: number,
  canUpdate: boolean,
): string {
  const needed = longestRetentionDays + 2;
  return canUpdate || intervalDays(configured) >= needed ? configured : `${needed} days`;
}

export function validateTimescaleSettings(settings: TimescaleSettings): void {
  for (const [name, value] of Object.entries(settings)) {
    if (value !== null && !INTERVAL_TEXT.test(value)) {
      throw new Error(
        `timescale.${name} must look like "7 days" or "6 months", got ${JSON.stringify(value)}`,
      );
    }
  }
}

/**
 * Returns true when TimescaleDB was set up, false when plain PostgreSQL tables are used. Idempotent;
 * run it under the migration lock (store/migrate.ts prepareSchema) so that collectors starting at once
 * never race to create the extension.
 */
export async function applyTimescale(
  pool: Pool,
  settings: TimescaleSettings,
  /** The longest privacy retention window, in days (config `privacy`). */
  longestRetentionDays: number,
): Promise<boolean> {
  validateTimescaleSettings(settings);
  const plan = planTimescale(await timescaleStatus(pool));
  if (plan.use === 'refuse') throw new Error(plan.message);
  if (plan.use === 'plain') {
    if (plan.reason === 'not preloaded') log.warn(plan.message);
    else log.info(plan.message);
    return false;
  }
  if (plan.createExtension) await pool.query('CREATE EXTENSION IF NOT EXISTS timescaledb');
  const { rows } = await pool.query<{ version: string; server: number }>(
    `SELECT extversion AS version, current_setting('server_version_num')::int AS server
     FROM pg_extension WHERE extname = 'timescaledb'`,
  );
  const canUpdate = updatesCompressedChunks(rows[0]!.version, rows[0]!.server);
  const compressAfter = compressAfterFor(settings.compressAfter, longestRetentionDays, canUpdate);
  if (compressAfter !== settings.compressAfter)
    log.warn(
      { configured: settings.compressAfter, compressAfter, timescaledb: rows[0]!.version },
      'this TimescaleDB cannot update compressed chunks (2.11 or later on PostgreSQL 14 or later can): chunks are compressed only after privacy retention has cleared them',
    );
  for (const hypertable of HYPERTABLES) {
    for (const statement of timescaleStatements(hypertable, { ...settings, compressAfter }))
      await pool.query(statement);
  }
  log.info({ hypertables: HYPERTABLES.map((h) => h.table) }, 'TimescaleDB hypertables and policies in place');
  return true;
}
