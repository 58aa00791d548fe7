import type { Pool } from 'pg';
import { formatCsv } from './csv';
import { readTagCsv, type RowError } from './importRows';
import { applyTagChanges, exportTags, TagError } from './store';

export interface ImportReport {
  rows: number;
  errors: RowError[];
  /** Rows that changed something (0 on a dry run or when any row is invalid). */
  written: number;
  dryRun: boolean;
}

/**
 * Imports a tags CSV: every row is validated first and nothing is written when any row is invalid
 * (or, on a conflict with existing history, the whole import is rolled back and reported).
 */
export async function importTagCsv(
  pool: Pool,
  text: string,
  options: { dryRun: boolean; now: Date },
): Promise<ImportReport> {
  const { changes, errors } = readTagCsv(text, options.now);
  const report: ImportReport = {
    rows: changes.length + errors.length,
    errors,
    written: 0,
    dryRun: options.dryRun,
  };
  if (errors.length > 0 || options.dryRun) return report;
  try {
    report.written = await applyTagChanges(pool, changes);
  } catch (error) {
    if (!(error instanceof TagError)) throw error;
    report.errors = [{ row: 0, error: `${error.message} (nothing was written)` }];
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
