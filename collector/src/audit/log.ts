import type { Queryable } from '../store/db';

/** What an admin or a privacy request did (the `action` column of audit_log). */
export type AuditAction =
  | 'tag.set'
  | 'tag.close'
  | 'tag.import'
  | 'calendar.write'
  | 'calendar.delete'
  | 'calendar.holiday_import'
  | 'privacy.report'
  | 'privacy.erase';

export interface AuditEntry {
  actor: string;
  via: 'api' | 'cli';
  action: AuditAction;
  /** The tag target, calendar id or, for privacy requests, the number's pseudonym — never a number in clear. */
  subject: string | null;
  summary: Record<string, unknown>;
}

/** Appends one row to audit_log (migration 015). */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query('INSERT INTO audit_log (actor, via, action, subject, summary) VALUES ($1, $2, $3, $4, $5)', [
    entry.actor,
    entry.via,
    entry.action,
    entry.subject,
    JSON.stringify(entry.summary),
  ]);
}

/** The audit row a change writes, from what it did; null writes none (it changed nothing). */
export type AuditOf<R> = (result: R) => AuditEntry | null;

/**
 * Writes the audit row of a change inside the change's own transaction (`tx`), so that either both
 * commit or neither does; returns the change's result.
 */
export async function auditIn<R>(tx: Queryable, audit: AuditOf<R> | undefined, result: R): Promise<R> {
  const entry = audit?.(result);
  if (entry) await recordAudit(tx, entry);
  return result;
}
