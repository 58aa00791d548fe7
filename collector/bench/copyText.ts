import type { CallRecord } from '../src/normalise/types';
import { CALL_COLUMNS } from '../src/store/callColumns';

/** PostgreSQL COPY text format: tab-separated, `\N` for null, backslash escapes. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export function copyLine(record: CallRecord): string {
  return CALL_COLUMNS.map((column) => copyField(column.value(record))).join('\t') + '\n';
}

export const COPY_CALLS_SQL = `COPY calls (${CALL_COLUMNS.map((c) => c.name).join(', ')}) FROM STDIN`;
