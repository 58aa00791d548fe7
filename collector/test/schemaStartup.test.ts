/**
 * Start-up's schema work (migrations, then TimescaleDB where offered) on a real PostgreSQL server:
 * collectors starting at once go through one lock, and the TimescaleDB capability check reads the
 * server's real settings. (TimescaleDB itself is not installable here; planTimescale's decisions for
 * every server state are specified in src/store/timescale.test.ts.)
 */
import type { Pool } from 'pg';
import { createPool } from '../src/store/db';
import { listMigrations, prepareSchema } from '../src/store/migrate';
import { DEFAULT_TIMESCALE_SETTINGS, timescaleStatus } from '../src/store/timescale';
import { eventually } from './fixtures/webhookApp';
import { startTestCluster, type TestCluster } from './harness/postgres';

/** The key store/migrate.ts locks on. */
const MIGRATION_LOCK_KEY = 7_145_001;

describe('schema start-up on real PostgreSQL', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  afterAll(() => cluster.destroy());

  it('lets several collectors start at once on a fresh database: all succeed, the schema is built once', async () => {
    const url = await cluster.freshDatabase();
    const collectors = Array.from({ length: 5 }, () => createPool(url));
    try {
      const results = await Promise.all(
        collectors.map((pool) => prepareSchema(pool, DEFAULT_TIMESCALE_SETTINGS, 32)),
      );
      const versions = listMigrations().map((m) => m.version);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(versions);
      expect(results.map((r) => r.timescale)).toEqual([false, false, false, false, false]);
      const { rows } = await collectors[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(versions);
    } finally {
      await Promise.all(collectors.map((pool) => pool.end()));
    }
  });

  it('waits for the migration lock before any schema work (migrations and the TimescaleDB set-up)', async () => {
    const url = await cluster.freshDatabase();
    const holder = createPool(url, { max: 1 });
    const collector = createPool(url);
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      let finished = false;
      const startUp = prepareSchema(collector, DEFAULT_TIMESCALE_SETTINGS, 32).then((result) => {
        finished = true;
        return result;
      });
      // Wait until the collector's session is queued on the lock, then check it did nothing meanwhile.
      await eventually(async () => {
        const { rows } = await holder.query(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1",
          [MIGRATION_LOCK_KEY],
        );
        return rows[0].n === 1;
      });
      expect(finished).toBe(false);
      expect((await holder.query("SELECT to_regclass('schema_migrations') AS t")).rows[0].t).toBeNull();
      await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      expect((await startUp).applied).toEqual(listMigrations().map((m) => m.version));
    } finally {
      await holder.end();
      await collector.end();
    }
  });

  describe('TimescaleDB capability read from the server', () => {
    let pool: Pool;
    beforeAll(async () => {
      pool = createPool(await cluster.freshDatabase());
    });
    afterAll(() => pool.end());

    it('reads shared_preload_libraries as the server has it set', async () => {
      expect(await timescaleStatus(pool)).toEqual({
        available: false,
        installedVersion: null,
        preloadLibraries: [],
        preloaded: false,
      });
      await pool.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
      await pool.end();
      await cluster.stop();
      await cluster.start();
      pool = createPool(await cluster.freshDatabase());
      try {
        expect(await timescaleStatus(pool)).toMatchObject({
          preloadLibraries: ['pg_stat_statements'],
          preloaded: false,
        });
      } finally {
        await pool.query('ALTER SYSTEM RESET shared_preload_libraries');
      }
    });

    it('tells "cannot read the setting" apart from "empty" for a role without the privilege', async () => {
      await pool.query('CREATE ROLE exowatch_plain LOGIN');
      const plain = createPool(pool.options.connectionString!.replace('//postgres@', '//exowatch_plain@'));
      try {
        expect(await timescaleStatus(plain)).toMatchObject({ preloadLibraries: null, preloaded: false });
      } finally {
        await plain.end();
      }
    });
  });
});
