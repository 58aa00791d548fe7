import {
  compressAfterFor,
  DEFAULT_TIMESCALE_SETTINGS,
  intervalDays,
  HYPERTABLES,
  isTimescalePreloaded,
  parsePreloadLibraries,
  planTimescale,
  timescaleStatements,
  type TimescaleStatus,
  updatesCompressedChunks,
  validateTimescaleSettings,
} from './timescale';
import { RETENTION_TABLES } from '../privacy/retention';

describe('TimescaleDB statements', () => {
  const calls = HYPERTABLES.find((h) => h.table === 'calls')!;

  it('make calls a hypertable on date_created with compression and, when asked, retention', () => {
    const statements = timescaleStatements(calls, { ...DEFAULT_TIMESCALE_SETTINGS, retainFor: '2 years' });
    expect(statements[0]).toBe(
      "SELECT create_hypertable('calls', 'date_created', chunk_time_interval => INTERVAL '7 days', migrate_data => true, if_not_exists => true)",
    );
    expect(statements).toContain(
      "ALTER TABLE calls SET (timescaledb.compress, timescaledb.compress_segmentby = 'account_sid', timescaledb.compress_orderby = 'date_created DESC')",
    );
    expect(statements).toContain("SELECT add_compression_policy('calls', INTERVAL '7 days')");
    expect(statements.at(-1)).toBe("SELECT add_retention_policy('calls', INTERVAL '2 years')");
  });

  it('segment calls by the column retention walks by and order them by the time every reader ranges on', () => {
    // Retention's UPDATEs name rows by account and time (privacy/retention.ts), so on a compressed
    // chunk they decompress only the batches of that account whose date_created min/max overlap.
    const retained = RETENTION_TABLES.find((t) => t.table === 'calls')!;
    expect(retained.byAccount).toBe(true);
    expect(calls.segmentBy).toBe('account_sid');
    expect(retained.time).toBe(calls.timeColumn);
    expect(timescaleStatements(calls, DEFAULT_TIMESCALE_SETTINGS)[1]).toContain(
      `timescaledb.compress_orderby = '${calls.timeColumn} DESC'`,
    );
  });

  it('replace earlier policies on every start, and add no retention policy by default', () => {
    const statements = timescaleStatements(calls, DEFAULT_TIMESCALE_SETTINGS);
    expect(statements.indexOf("SELECT remove_compression_policy('calls', if_exists => true)")).toBeLessThan(
      statements.indexOf("SELECT add_compression_policy('calls', INTERVAL '7 days')"),
    );
    expect(statements.some((s) => s.includes('add_retention_policy'))).toBe(false);
  });

  it('refuse interval settings that are not plain intervals (they are written into SQL)', () => {
    expect(() =>
      validateTimescaleSettings({
        ...DEFAULT_TIMESCALE_SETTINGS,
        retainFor: "1 day'); DROP TABLE calls; --",
      }),
    ).toThrow(/timescale.retainFor must look like/);
    expect(() =>
      validateTimescaleSettings({ ...DEFAULT_TIMESCALE_SETTINGS, compressAfter: '3 months' }),
    ).not.toThrow();
  });
});

describe('TimescaleDB capability', () => {
  it('reads shared_preload_libraries as PostgreSQL lists it: bare, quoted, spaced, paths', () => {
    expect(parsePreloadLibraries('')).toEqual([]);
    expect(parsePreloadLibraries('timescaledb')).toEqual(['timescaledb']);
    expect(parsePreloadLibraries('pg_stat_statements, "timescaledb"')).toEqual([
      'pg_stat_statements',
      'timescaledb',
    ]);
    expect(parsePreloadLibraries('$libdir/timescaledb.so,auto_explain')).toEqual([
      'timescaledb',
      'auto_explain',
    ]);
    expect(parsePreloadLibraries('timescaledb_toolkit')).toEqual(['timescaledb_toolkit']);
  });

  it('counts TimescaleDB as preloaded when the setting lists it or the loader announces itself', () => {
    expect(isTimescalePreloaded(['pg_stat_statements', 'timescaledb'], false)).toBe(true);
    expect(isTimescalePreloaded(['timescaledb_toolkit'], false)).toBe(false);
    expect(isTimescalePreloaded([], false)).toBe(false);
    // A role that may not read shared_preload_libraries still sees the loader's own setting.
    expect(isTimescalePreloaded(null, true)).toBe(true);
    expect(isTimescalePreloaded(null, false)).toBe(false);
  });

  const status = (overrides: Partial<TimescaleStatus>): TimescaleStatus => ({
    available: false,
    installedVersion: null,
    preloadLibraries: [],
    preloaded: false,
    ...overrides,
  });

  it('uses plain tables, quietly, when the extension is not installed on the server', () => {
    expect(planTimescale(status({}))).toMatchObject({ use: 'plain', reason: 'not available' });
  });

  it('uses plain tables with advice on how to enable it when installed but not preloaded', () => {
    const plan = planTimescale(status({ available: true }));
    expect(plan).toMatchObject({ use: 'plain', reason: 'not preloaded' });
    expect(plan.use === 'plain' && plan.message).toMatch(
      /shared_preload_libraries in postgresql\.conf \(shared_preload_libraries = 'timescaledb'.*restart PostgreSQL/,
    );
  });

  it('creates the extension when it is available and preloaded', () => {
    expect(
      planTimescale(status({ available: true, preloadLibraries: ['timescaledb'], preloaded: true })),
    ).toEqual({
      use: 'timescaledb',
      createExtension: true,
    });
  });

  it('keeps an extension already created (no CREATE EXTENSION) when preloaded', () => {
    expect(
      planTimescale(
        status({ available: true, installedVersion: '2.17.2', preloadLibraries: null, preloaded: true }),
      ),
    ).toEqual({ use: 'timescaledb', createExtension: false });
  });

  it('refuses to start on an extension already created whose library is no longer preloaded', () => {
    const plan = planTimescale(status({ available: true, installedVersion: '2.17.2' }));
    expect(plan.use).toBe('refuse');
    expect(plan.use === 'refuse' && plan.message).toMatch(/TimescaleDB 2\.17\.2 .*shared_preload_libraries/);
  });
});

describe('TimescaleDB compression and privacy retention', () => {
  it('knows where UPDATE reaches compressed chunks: TimescaleDB 2.11 on PostgreSQL 14 or later', () => {
    // CHANGELOG 2.11.0: #5339 "Support UPDATE/DELETE on compressed hypertables"; PG13 cannot
    // (timescale/timescaledb#5985): "cannot update/delete rows from chunk ... as it is compressed".
    expect(updatesCompressedChunks('2.11.0', 140000)).toBe(true);
    expect(updatesCompressedChunks('2.17.2', 170002)).toBe(true);
    expect(updatesCompressedChunks('3.0.0', 160000)).toBe(true);
    expect(updatesCompressedChunks('2.10.3', 150000)).toBe(false);
    expect(updatesCompressedChunks('2.11.1', 130012)).toBe(false);
    expect(updatesCompressedChunks('1.7.5', 120000)).toBe(false);
  });

  it('reads interval settings in days', () => {
    expect(intervalDays('7 days')).toBe(7);
    expect(intervalDays('1 week')).toBe(7);
    expect(intervalDays('3 months')).toBe(90);
    expect(intervalDays('48 hours')).toBe(2);
  });

  it('keeps chunks uncompressed until retention has cleared them where it cannot update compressed ones', () => {
    // The newest row of a chunk passes the 32-day window, waits up to a day for the daily run, which
    // may take another: compressed from 34 days on.
    expect(compressAfterFor('7 days', 32, false)).toBe('34 days');
    expect(compressAfterFor('2 months', 32, false)).toBe('2 months');
    expect(compressAfterFor('34 days', 32, false)).toBe('34 days');
    expect(compressAfterFor('7 days', 90, false)).toBe('92 days');
    // Where it can, retention updates compressed chunks a batch at a time: the setting stands.
    expect(compressAfterFor('7 days', 32, true)).toBe('7 days');
  });
});
