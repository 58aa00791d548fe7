import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createLocalCluster, type LocalCluster } from '../../src/store/localCluster';

/**
 * A throwaway PostgreSQL cluster per test file (never a shared database): created in a temp folder,
 * started, and removed with its data when the suite ends. Each test gets its own database from
 * `freshDatabase()`, so tests in one file do not see each other's rows.
 */
export interface TestCluster extends LocalCluster {
  freshDatabase(): Promise<string>;
  destroy(): Promise<void>;
}

let databaseCounter = 0;

export async function startTestCluster(): Promise<TestCluster> {
  const baseDir = mkdtempSync(join(tmpdir(), 'exowatch-pg-'));
  const cluster = await createLocalCluster({ baseDir, unsafeFast: true });
  await cluster.start();
  return {
    ...cluster,
    async freshDatabase() {
      const name = `t${process.pid}_${++databaseCounter}`;
      const admin = new Client({ connectionString: cluster.url });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return cluster.url.replace(/\/postgres$/, `/${name}`);
    },
    async destroy() {
      await cluster.stop().catch(() => undefined);
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
