import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { inTransaction } from './db';
import { applyTimescale, type TimescaleSettings } from './timescale';

const MIGRATIONS_DIR = join(__dirname, 'migrations');
/** Serialises migrations when several collectors start at once. */
const MIGRATION_LOCK_KEY = 7_145_001;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export function listMigrations(dir = MIGRATIONS_DIR): { version: string; sql: string }[] {
  return readdirSync(dir)
    .filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: file.replace(/\.sql$/, ''), sql: readFileSync(join(dir, file), 'utf8') }));
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

async function applyMigrations(pool: Pool, dir: string): Promise<MigrationResult> {
  await pool.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const { rows } = await pool.query<{ version: string }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.map((r) => r.version));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const migration of listMigrations(dir)) {
    if (done.has(migration.version)) {
      result.alreadyApplied.push(migration.version);
      continue;
    }
    await inTransaction(pool, async (tx) => {
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
    });
    result.applied.push(migration.version);
  }
  return result;
}

/** Applies, in order and each in its own transaction, every migration not yet recorded. */
export async function migrate(pool: Pool, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  return withMigrationLock(pool, () => applyMigrations(pool, dir));
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
    const migrations = await applyMigrations(pool, MIGRATIONS_DIR);
    return { ...migrations, timescale: await applyTimescale(pool, timescale, longestRetentionDays) };
  });
}
