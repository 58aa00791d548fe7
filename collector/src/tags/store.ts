import type { TagKeyInfo, TagRow, TagValueInfo } from '@exowatch/contract';
import type { Pool } from 'pg';
import type { Queryable } from '../store/db';
import { auditIn, type AuditOf } from '../audit/log';
import { inTransaction } from '../store/db';
import { markTagChange } from '../rollups/rollups';

/**
 * Effective-dated tags in PostgreSQL. Setting a value closes the value in force at the new value's
 * valid_from (history keeps the old one); closing ends the value in force. Every write also marks the
 * rollup buckets it affects, in the same transaction.
 */
export interface TagChange {
  target: string;
  key: string;
  /** null closes the value in force. */
  value: string | null;
  at: Date;
}

export class TagError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
    /** The change that failed, when one did. */
    readonly change?: TagChange,
  ) {
    super(message);
  }
}

/** What a change did (or, on a dry run, would do): the value in force at its instant before it. */
export interface TagOutcome {
  previous: string | null;
  changed: boolean;
}

const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : null);

function toRow(r: Record<string, unknown>): TagRow {
  return {
    target: String(r.target),
    key: String(r.key),
    value: String(r.value),
    validFrom: iso(r.valid_from),
    validTo: iso(r.valid_to),
    source: r.source === 'manual' ? 'manual' : 'exophone_list',
  };
}

/** Applies one change inside a transaction; `changed` is false when it changes nothing (same value). */
async function applyOne(tx: Queryable, change: TagChange): Promise<TagOutcome> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7145))', [
    `${change.target} ${change.key}`,
  ]);
  const { rows } = await tx.query<{ id: string; value: string; valid_from: Date; valid_to: Date | number }>(
    'SELECT id, value, valid_from, valid_to FROM tags WHERE target = $1 AND key = $2 AND valid_to > $3 ORDER BY valid_from',
    [change.target, change.key, change.at],
  );
  const later = rows.find((r) => r.valid_from > change.at);
  if (later) {
    throw new TagError(
      `${change.target} ${change.key} already has a value from ${later.valid_from.toISOString()}; changes must be at or after it`,
      409,
      change,
    );
  }
  const current = rows[0];
  const previous = current?.value ?? null;
  if (change.value === null) {
    if (!current)
      throw new TagError(
        `${change.target} has no ${change.key} value in force at ${change.at.toISOString()}`,
        404,
        change,
      );
    if (current.valid_from.getTime() === change.at.getTime())
      await tx.query('DELETE FROM tags WHERE id = $1', [current.id]);
    else await tx.query('UPDATE tags SET valid_to = $2 WHERE id = $1', [current.id, change.at]);
  } else {
    if (previous === change.value) return { previous, changed: false };
    if (current && current.valid_from.getTime() === change.at.getTime()) {
      await tx.query('UPDATE tags SET value = $2, valid_to = $3 WHERE id = $1', [
        current.id,
        change.value,
        'infinity',
      ]);
    } else {
      if (current) await tx.query('UPDATE tags SET valid_to = $2 WHERE id = $1', [current.id, change.at]);
      await tx.query('INSERT INTO tags (target, key, value, valid_from) VALUES ($1, $2, $3, $4)', [
        change.target,
        change.key,
        change.value,
        change.at,
      ]);
    }
  }
  await markTagChange(tx, [{ target: change.target, from: change.at }]);
  return { previous, changed: true };
}

/**
 * Runs changes in order in one transaction (all or nothing) and says what each did. A dry run rolls
 * everything back, so it reports exactly what applying would do (conflicts included) and writes nothing.
 */
export async function runTagChanges(
  pool: Pool,
  changes: readonly TagChange[],
  options: { dryRun: boolean; audit?: AuditOf<TagOutcome[]> },
): Promise<TagOutcome[]> {
  return inTransaction(pool, async (tx) => {
    if (options.dryRun) await tx.query('SAVEPOINT dry_run');
    const outcomes: TagOutcome[] = [];
    for (const change of changes) outcomes.push(await applyOne(tx, change));
    if (options.dryRun) await tx.query('ROLLBACK TO SAVEPOINT dry_run');
    return options.dryRun ? outcomes : auditIn(tx, options.audit, outcomes);
  });
}

/**
 * Applies changes atomically (all or nothing), with their audit row when `audit` gives one; returns
 * how many changed something.
 */
export async function applyTagChanges(
  pool: Pool,
  changes: readonly TagChange[],
  audit?: AuditOf<number>,
): Promise<number> {
  const outcomes = await runTagChanges(pool, changes, {
    dryRun: false,
    ...(audit ? { audit: (o: TagOutcome[]) => audit(countChanged(o)) } : {}),
  });
  return countChanged(outcomes);
}

/** How many of the outcomes changed something. */
export function countChanged(outcomes: readonly TagOutcome[]): number {
  return outcomes.filter((o) => o.changed).length;
}

export interface ListOptions {
  search?: string;
  key?: string;
  target?: string;
  at: Date;
  limit: number;
  offset: number;
}

/** Tags in force at `at` (manual ones shadow the automatic tag of the same key), paged. */
export async function listTags(db: Queryable, o: ListOptions): Promise<{ total: number; items: TagRow[] }> {
  const { rows } = await db.query(
    `WITH active AS (
       SELECT DISTINCT ON (target, key) target, key, value, valid_from, valid_to, source
       FROM tag_values WHERE valid_from <= $1 AND valid_to > $1
       ORDER BY target, key, priority DESC)
     SELECT *, count(*) OVER () AS total FROM active
     WHERE ($2::text IS NULL OR key = $2) AND ($3::text IS NULL OR target = $3)
       AND ($4::text IS NULL OR strpos(lower(target || ' ' || key || ' ' || value), lower($4)) > 0)
     ORDER BY target, key LIMIT $5 OFFSET $6`,
    [o.at, o.key ?? null, o.target ?? null, o.search ?? null, o.limit, o.offset],
  );
  return { total: Number(rows[0]?.total ?? 0), items: rows.map(toRow) };
}

/** Every value a target had (or has), oldest first, automatic ones included. */
export async function tagHistory(db: Queryable, target: string, key?: string): Promise<TagRow[]> {
  const { rows } = await db.query(
    `SELECT target, key, value, valid_from, valid_to, source FROM tag_values
     WHERE target = $1 AND ($2::text IS NULL OR key = $2) ORDER BY key, valid_from, priority`,
    [target, key ?? null],
  );
  return rows.map(toRow);
}

/** Keys in use, with how many targets and distinct values each has (ever). */
export async function tagKeys(db: Queryable): Promise<TagKeyInfo[]> {
  const { rows } = await db.query<{ key: string; targets: string; values: string }>(
    'SELECT key, count(DISTINCT target) AS targets, count(DISTINCT value) AS values FROM tag_values GROUP BY key ORDER BY key',
  );
  return rows.map((r) => ({ key: r.key, targets: Number(r.targets), values: Number(r.values) }));
}

/** Values a key has had, with how many targets hold each now. */
export async function tagValues(db: Queryable, key: string): Promise<TagValueInfo[]> {
  const { rows } = await db.query<{ value: string; now: string }>(
    `SELECT value, count(DISTINCT target) FILTER (WHERE valid_from <= now() AND valid_to > now()) AS now
     FROM tag_values WHERE key = $1 GROUP BY value ORDER BY value`,
    [key],
  );
  return rows.map((r) => ({ value: r.value, targetsNow: Number(r.now) }));
}

/** Manual tags in force now, for `tags export` (re-importing the file changes nothing). */
export async function exportTags(db: Queryable): Promise<TagRow[]> {
  const { rows } = await db.query(
    `SELECT target, key, value, valid_from, valid_to, 'manual' AS source FROM tags
     WHERE valid_from <= now() AND valid_to > now() ORDER BY target, key`,
  );
  return rows.map(toRow);
}
