import type { Pool, PoolClient } from 'pg';
import { recordAudit, type AuditEntry } from '../audit/log';
import type { Queryable } from '../store/db';
import { journalMentions, type JournalMentions } from './journalScan';
import { parseCustomerNumber, PrivacyError, writtenForms } from './number';
import { eraseSql, NUMBER_TABLES, reportSql } from './tables';

export interface HeldRows {
  table: string;
  /** The number column (or, for rejected records, the payload) the rows hold the number in. */
  column: string;
  rows: number;
  first: string | null;
  last: string | null;
  /** Of these rows, how many carry a recording link. */
  recordings: number;
}

export interface NumberReport {
  /** The pseudonym the reporting views show for the number, and erasure writes in its place. */
  pseudonym: string;
  held: HeldRows[];
  /** Rows where the number has been erased (its pseudonym stands in a number column). */
  erasedRows: number;
  journal: JournalMentions;
}

export interface ErasureResult {
  pseudonym: string;
  dryRun: boolean;
  /** Rows changed (or, in a dry run, that would be) per table. */
  changed: Record<string, number>;
  /** Webhook records holding the number still in the journal files after the erasure (run again). */
  journal: JournalMentions;
}

async function pseudonymOf(db: Queryable, e164: string): Promise<string> {
  const { rows } = await db.query<{ p: string }>(
    'SELECT reporting.pseudonym($1, key) AS p FROM privacy_key',
    [e164],
  );
  return rows[0]!.p;
}

/** The generated forms plus every text Exotel sent for the number (`*_raw` columns): $2 of tables.ts. */
async function formsOf(db: Queryable, e164: string): Promise<string[]> {
  const sent = NUMBER_TABLES.flatMap((t) =>
    t.numbers.flatMap(([col, raw]) => (raw ? [`SELECT ${raw} AS f FROM ${t.table} WHERE ${col} = $1`] : [])),
  );
  const { rows } = await db.query<{ f: string }>(
    `SELECT DISTINCT f FROM (${sent.join(' UNION ')}) s WHERE f IS NOT NULL AND btrim(f) <> ''`,
    [e164],
  );
  return [...new Set([...writtenForms(e164), ...rows.map((r) => r.f)])];
}

/** ExoPhones and agents are the business's own numbers, kept in clear by design: not erasable. */
async function refuseBusinessNumber(db: Queryable, e164: string): Promise<void> {
  const { rows } = await db.query<{ what: string }>(
    `SELECT 'an ExoPhone' AS what FROM exophones WHERE phone_number = $1
     UNION ALL SELECT 'an agent' FROM agent_events WHERE agent_number = $1
     UNION ALL (SELECT 'an agent' FROM passthru_events WHERE dial_whom_number = $1 LIMIT 1)
     LIMIT 1`,
    [e164],
  );
  if (rows[0])
    throw new PrivacyError(
      `this number is ${rows[0].what} of the business, not a customer's: exowatch keeps business numbers in clear`,
      409,
    );
}

/** Who asked (audit_log's actor and via). */
export type Requester = Pick<AuditEntry, 'actor' | 'via'>;

/**
 * What exowatch holds about a number (typed in any form): rows per table and column, and the journal.
 * The request is written to audit_log under the number's pseudonym.
 */
export async function reportNumber(
  pool: Pool,
  journalDir: string,
  typed: string,
  by: Requester,
): Promise<NumberReport> {
  const e164 = parseCustomerNumber(typed);
  const pseudonym = await pseudonymOf(pool, e164);
  const forms = await formsOf(pool, e164);
  const held = await pool.query<HeldRows & { first: Date | null; last: Date | null }>(
    NUMBER_TABLES.map(reportSql).join('\nUNION ALL\n'),
    [e164, forms],
  );
  const erased = await pool.query<{ rows: number }>(
    `SELECT (SELECT count(*) FROM calls WHERE from_number = $1 OR to_number = $1)
          + (SELECT count(*) FROM missed_calls WHERE customer = $1) AS rows`,
    [pseudonym],
  );
  const report: NumberReport = {
    pseudonym,
    held: held.rows.map((r) => ({
      ...r,
      first: r.first?.toISOString() ?? null,
      last: r.last?.toISOString() ?? null,
    })),
    erasedRows: Number(erased.rows[0]!.rows),
    journal: await journalMentions(journalDir, e164, forms),
  };
  await recordAudit(pool, {
    ...by,
    action: 'privacy.report',
    subject: pseudonym,
    summary: { rows: report.held.reduce((sum, h) => sum + h.rows, 0), journalEvents: report.journal.events },
  });
  return report;
}

/**
 * Replaces the number, everywhere it is stored in clear, by its pseudonym (the one the reporting views
 * use, so the KPIs that compare numbers answer the same) and drops its recording links, in one
 * transaction. Idempotent: a second run finds nothing. A dry run does the same and rolls it back, so
 * its counts are exactly what the erasure would change.
 *
 * Written to audit_log (with the pseudonym, never the number) in the same transaction.
 *
 * The webhook journal is not rewritten (the running collector appends to and reads it): while it holds
 * the number the erasure is refused, and the journal seals and deletes its segments within a minute
 * of writing them to the database (journal.ts, segmentMaxAgeMs).
 */
export async function eraseNumber(
  pool: Pool,
  journalDir: string,
  typed: string,
  options: { dryRun: boolean; by: Requester; now?: Date },
): Promise<ErasureResult> {
  const e164 = parseCustomerNumber(typed);
  await refuseBusinessNumber(pool, e164);
  const client = await pool.connect();
  let result: ErasureResult;
  let forms = writtenForms(e164);
  try {
    await client.query('BEGIN');
    forms = await formsOf(client, e164);
    const waiting = await journalMentions(journalDir, e164, forms);
    if (waiting.events > 0 && !options.dryRun)
      throw new PrivacyError(
        `the webhook journal holds ${waiting.events} event(s) with this number (${waiting.files.join(', ')}); the running collector writes them to the database and deletes them within a minute: run the erasure again then`,
        409,
      );
    result = await eraseIn(client, e164, forms, options, waiting);
    if (options.dryRun) await client.query('ROLLBACK');
    const audit = { ...options.by, action: 'privacy.erase', subject: result.pseudonym } as const;
    // The erasure and its audit row commit together; a dry run's row is written after its rollback.
    await recordAudit(client, { ...audit, summary: { dryRun: options.dryRun, changed: result.changed } });
    if (!options.dryRun) await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  if (!options.dryRun) result.journal = await journalMentions(journalDir, e164, forms);
  return result;
}

async function eraseIn(
  client: PoolClient,
  e164: string,
  forms: string[],
  options: { dryRun: boolean; now?: Date },
  journal: JournalMentions,
): Promise<ErasureResult> {
  const pseudonym = await pseudonymOf(client, e164);
  const changed: Record<string, number> = {};
  for (const t of NUMBER_TABLES) {
    const { rowCount } = await client.query(eraseSql(t), [e164, forms, pseudonym]);
    changed[t.table] = rowCount ?? 0;
  }
  // So that the sync re-reading these calls from Exotel does not bring the number back (migration 015).
  await client.query(
    `INSERT INTO privacy_erasures (pseudonym, erased_at) VALUES ($1, $2)
     ON CONFLICT (pseudonym) DO UPDATE SET erased_at = excluded.erased_at`,
    [pseudonym, options.now ?? new Date()],
  );
  return { pseudonym, dryRun: options.dryRun, changed, journal };
}
