import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { inTransaction } from './db';
import { RELEASED_MIGRATIONS } from './releasedMigrations';
import { applyTimescale, type TimescaleSettings } from './timescale';

const MIGRATIONS_DIR = join(__dirname, 'migrations');
/** Serialises migrations when several collectors start at once. */
const MIGRATION_LOCK_KEY = 7_145_001;

/**
 * A migration is an SQL file, or a TypeScript module exporting its SQL text as `sql` (those that build
 * functions with migrationSql/), found as `.ts` in src/ (tests) and as compiled `.js` in dist/.
 */
const MIGRATION_FILE = /^(\d{3}_[a-z0-9_]+)\.(sql|ts|js)$/;

export interface Migration {
  version: string;
  sql: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/** Which migrations to apply: all by default; tests build an older collector's database with these. */
export interface MigrateOptions {
  /** Only the migrations numbered below this one, e.g. `'012'`. */
  before?: string;
  /** All but this one, e.g. `'011'`. */
  skip?: string;
}

function readMigration(path: string, kind: string): string {
  if (kind === 'sql') return readFileSync(path, 'utf8');
  // A module is loaded by the require of its context: jest's transforms TypeScript, Node's loads dist/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sql } = require(path) as { sql?: unknown };
  if (typeof sql !== 'string') throw new Error(`migration ${path} exports no \`sql\` text`);
  return sql;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = new Map<string, Migration>();
  for (const file of readdirSync(dir).sort()) {
    const [, version, kind] = MIGRATION_FILE.exec(file) ?? [];
    if (!version || !kind) continue;
    if (migrations.has(version)) throw new Error(`migration ${version} is in ${dir} twice (${file})`);
    migrations.set(version, { version, sql: readMigration(join(dir, file), kind) });
  }
  return [...migrations.values()];
}

/** The sha256 of a migration's SQL text, its line ends as git stores them (a CRLF checkout changes nothing). */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Refuses a released migration whose SQL is not what was released: a database migrated from it would
 * not have the schema of those migrated before the change. A migration not yet recorded is new.
 */
function checkReleased(migration: Migration): void {
  const checksum = RELEASED_MIGRATIONS[migration.version];
  if (checksum !== undefined && checksum !== migrationChecksum(migration.sql)) {
    throw new Error(
      `migration ${migration.version} is not the SQL it was released with (releasedMigrations.ts): ` +
        'released migrations must not change; add a new migration instead',
    );
  }
}

function selected(version: string, options: MigrateOptions): boolean {
  if (options.before !== undefined && version >= options.before) return false;
  return options.skip === undefined || !version.startsWith(`${options.skip}_`);
}

/**
 * Runs `work` while holding the migration lock (a session advisory lock), so that collectors starting
 * at once on one database change the schema one after the other.
 */
async function withMigrationLock<T>(pool: Pool, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

async function applyMigrations(pool: Pool, options: MigrateOptions): Promise<MigrationResult> {
  await pool.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const migration of listMigrations().filter((m) => selected(m.version, options))) {
    if (done.has(migration.version)) {
      result.alreadyApplied.push(migration.version);
      continue;
    }
    checkReleased(migration);
    await inTransaction(pool, async (tx) => {
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
    });
    result.applied.push(migration.version);
  }
  return result;
}

/** Applies, in order and each in its own transaction, every migration (of `options`) not yet recorded. */
export async function migrate(pool: Pool, options: MigrateOptions = {}): Promise<MigrationResult> {
  return withMigrationLock(pool, () => applyMigrations(pool, options));
}

/**
 * Start-up's schema work: the migrations, then TimescaleDB where the server offers it (its compression
 * policy kept clear of the longest privacy retention window where it must be), both under the
 * one lock (creating the extension concurrently fails with a duplicate key on pg_extension_name_index).
 */
export async function prepareSchema(
  pool: Pool,
  timescale: TimescaleSettings,
  longestRetentionDays: number,
): Promise<MigrationResult & { timescale: boolean }> {
  return withMigrationLock(pool, async () => {
    const migrations = await applyMigrations(pool, {});
    return { ...migrations, timescale: await applyTimescale(pool, timescale, longestRetentionDays) };
  });
}
