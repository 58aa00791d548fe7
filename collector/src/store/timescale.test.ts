import {
  DEFAULT_TIMESCALE_SETTINGS,
  HYPERTABLES,
  timescaleStatements,
  validateTimescaleSettings,
} from './timescale';

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
