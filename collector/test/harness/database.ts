import type { Pool } from 'pg';
import { createPool } from '../../src/store/db';
import { migrate } from '../../src/store/migrate';
import { startTestCluster, type TestCluster } from './postgres';

/** A fresh database of the cluster, migrated to the latest schema. */
export async function migratedPool(cluster: TestCluster): Promise<Pool> {
  const pool = createPool(await cluster.freshDatabase());
  await migrate(pool);
  return pool;
}

export interface MigratedDatabase {
  cluster: TestCluster;
  pool: Pool;
  /** Ends the pool and removes the cluster. */
  close(): Promise<void>;
}

/** A throwaway cluster with one freshly migrated database: the start of most database suites. */
export async function migratedDatabase(): Promise<MigratedDatabase> {
  const cluster = await startTestCluster();
  try {
    const pool = await migratedPool(cluster);
    return {
      cluster,
      pool,
      async close() {
        await pool.end();
        await cluster.destroy();
      },
    };
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

/**
 * Registers the jest hooks of a suite whose every test starts from an empty, migrated database: one
 * throwaway cluster for the file, a fresh database (and pool) for each test. Read `pool` inside a test:
 * it is another pool in each.
 */
export function migratedDatabaseEachTest(): { readonly cluster: TestCluster; readonly pool: Pool } {
  // Filled in by the hooks, before any test reads it.
  const db = {} as { cluster: TestCluster; pool: Pool };
  beforeAll(async () => {
    db.cluster = await startTestCluster();
  });
  beforeEach(async () => {
    db.pool = await migratedPool(db.cluster);
  });
  afterEach(() => db.pool.end());
  afterAll(() => db.cluster.destroy());
  return db;
}
