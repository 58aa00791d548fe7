import { RETENTION_TABLES, retentionBatchSql } from './retention';

/**
 * What TimescaleDB asks of retention's UPDATEs on compressed chunks. An UPDATE decompresses the
 * compressed batches that its target scan's own conditions select: constants and query parameters,
 * matched against the segmentby column and the orderby column's min/max; a condition reaching the
 * target through a join is a run-time parameter it cannot use, and then every batch of every chunk
 * scanned is decompressed (timescale/timescaledb tsl/src/compression/compression_dml.c,
 * decompress_chunk_plan_walker, decompress_batches_for_update_delete), which past
 * timescaledb.max_tuples_decompressed_per_dml_transaction (src/guc.c) fails the statement.
 * `calls` is the hypertable (store/timescale.ts HYPERTABLES), segmented by account_sid, ordered by
 * date_created.
 */
describe('retention batches on TimescaleDB compressed chunks', () => {
  const calls = RETENTION_TABLES.find((t) => t.table === 'calls')!;
  const bounds = {
    rawBefore: new Date('2026-02-01T00:00:00Z'),
    recordingBefore: new Date('2026-02-01T00:00:00Z'),
    numbersBefore: new Date('2026-01-30T00:00:00Z'),
    from: new Date('2025-12-01T10:00:00Z'),
    account: 'acme',
  };
  const upto = new Date('2025-12-01T11:00:00Z');
  const update = retentionBatchSql(calls, bounds).update(upto);

  it('update calls without a join: no FROM, USING or WITH reaches the target', () => {
    const outer = update.text
      .replaceAll('(SELECT key FROM privacy_key)', '')
      .replaceAll('IS DISTINCT FROM', '');
    expect(outer).toMatch(/^UPDATE calls t SET /);
    expect(outer).not.toMatch(/\b(FROM|USING|WITH|JOIN)\b/);
  });

  it('name their rows by the segmentby column and an orderby range, as query parameters', () => {
    const where = update.text.slice(update.text.lastIndexOf('WHERE'));
    const param = (value: unknown) => `$${update.values.indexOf(value) + 1}`;
    expect(where).toContain(`t.account_sid = ${param('acme')}::text`);
    expect(where).toContain(`t.date_created >= ${param(bounds.from)}::timestamptz`);
    expect(where).toContain(`t.date_created <= ${param(upto)}::timestamptz`);
  });

  it('pick at most the batch size of rows, from where the walk reached', () => {
    const pick = retentionBatchSql(calls, bounds).pick(500);
    expect(pick.text).toMatch(/ORDER BY t\.date_created LIMIT \$\d+::int/);
    expect(pick.values).toContain(500);
    expect(pick.values).toContain(bounds.from);
  });

  it('give every parameter a type, whichever settings a table uses', () => {
    for (const t of RETENTION_TABLES) {
      const { pick, update: u } = retentionBatchSql(t, bounds);
      for (const q of [pick(10), u(upto)])
        for (let n = 1; n <= q.values.length; n++) expect(q.text).toMatch(new RegExp(`\\$${n}::`));
    }
  });
});
