import type { TagImportChange, TagImportRowError } from '@exowatch/contract';
import type { Pool } from 'pg';
import type { AuditOf } from '../audit/log';
import { formatCsv } from './csv';
import { readTagCsv } from './importRows';
import { countChanged, exportTags, runTagChanges, TagError, type TagOutcome } from './store';

export interface ImportReport {
  rows: number;
  errors: TagImportRowError[];
  /** True when the rows are valid but one conflicts with later history (HTTP 409). */
  conflict: boolean;
  /** Per valid row, in file order; empty when there are errors. */
  changes: TagImportChange[];
  /** Rows that changed something (0 on a dry run or when there are errors). */
  written: number;
  dryRun: boolean;
}

/**
 * Imports a tags CSV: every row is validated first and nothing is written when any row is invalid;
 * the rows are then applied in one transaction (rolled back on a dry run or on a conflict with
 * existing history, which is reported against its row). The audit row, when `audit` gives one, is
 * written in that transaction.
 */
export async function importTagCsv(
  pool: Pool,
  text: string,
  options: { dryRun: boolean; now: Date; audit?: AuditOf<{ rows: number; written: number }> },
): Promise<ImportReport> {
  const { changes, errors } = readTagCsv(text, options.now);
  const report: ImportReport = {
    rows: changes.length + errors.length,
    errors,
    conflict: false,
    changes: [],
    written: 0,
    dryRun: options.dryRun,
  };
  if (errors.length > 0) return report;
  try {
    const { audit } = options;
    const outcomes = await runTagChanges(pool, changes, {
      dryRun: options.dryRun,
      ...(audit
        ? { audit: (o: TagOutcome[]) => audit({ rows: report.rows, written: countChanged(o) }) }
        : {}),
    });
    report.changes = changes
      .map((c, i): TagImportChange => {
        const { previous, changed } = outcomes[i]!;
        const action = !changed ? 'unchanged' : previous === null ? 'add' : 'change';
        const { row, target, key, value } = c;
        return { row, target, key, previous, value, validFrom: c.at.toISOString(), action };
      })
      .sort((a, b) => a.row - b.row);
    if (!options.dryRun) report.written = countChanged(outcomes);
  } catch (error) {
    if (!(error instanceof TagError)) throw error;
    const row = changes.find((c) => c === error.change)?.row ?? 0;
    report.errors = [{ row, error: `${error.message} (nothing was written)` }];
    report.conflict = true;
  }
  return report;
}

/** The manual tags in force now as CSV (target,key,value,valid_from); importing it back changes nothing. */
export async function exportTagCsv(pool: Pool): Promise<string> {
  const rows = await exportTags(pool);
  return formatCsv([
    ['target', 'key', 'value', 'valid_from'],
    ...rows.map((r) => [r.target, r.key, r.value, r.validFrom ?? '']),
  ]);
}
