import type { TagImportRowError } from '@exowatch/contract';
import type { TagChange } from './store';
import { parseCsv } from './csv';
import { checkKey, checkValue, parseInstant, parseTarget } from './target';

/** A change read from one data row. */
export interface RowChange extends TagChange {
  row: number;
  value: string;
}

export const MAX_IMPORT_ROWS = 50_000;
/** A tags CSV larger than this is refused (about 50,000 rows): the CLI's file, the API's JSON body. */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const REQUIRED = ['target', 'key', 'value'];

/**
 * Turns a tags CSV (header: target, key, value, optional valid_from) into changes, collecting every
 * row's problems; the import writes nothing unless there are none.
 */
export function readTagCsv(text: string, now: Date): { changes: RowChange[]; errors: TagImportRowError[] } {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    return { changes: [], errors: [{ row: 0, error: (error as Error).message }] };
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((h) => !header.includes(h));
  const unknown = header.filter((h) => ![...REQUIRED, 'valid_from'].includes(h));
  if (missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`unknown column(s) ${unknown.join(', ')}`] : []),
    ];
    return {
      changes: [],
      errors: [{ row: 1, error: `header: ${problems.join('; ')} (expected target,key,value[,valid_from])` }],
    };
  }
  if (records.length - 1 > MAX_IMPORT_ROWS) {
    return { changes: [], errors: [{ row: 0, error: `more than ${MAX_IMPORT_ROWS} rows: split the file` }] };
  }
  const col = (name: string) => header.indexOf(name);
  const changes: RowChange[] = [];
  const errors: TagImportRowError[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const row = i + 2;
    if (record.length !== header.length) {
      errors.push({ row, error: `has ${record.length} fields, the header has ${header.length}` });
      return;
    }
    const target = parseTarget(record[col('target')]!);
    const key = checkKey(record[col('key')]!.trim());
    const value = checkValue(record[col('value')]!);
    const fromText = col('valid_from') >= 0 ? record[col('valid_from')]!.trim() : '';
    const at = fromText === '' ? ({ ok: true, value: now } as const) : parseInstant(fromText);
    const problems = [target, key, value, at].flatMap((c) => (c.ok ? [] : [c.error]));
    if (problems.length > 0 || !target.ok || !key.ok || !value.ok || !at.ok) {
      errors.push({ row, error: problems.join('; ') });
      return;
    }
    const id = `${target.value}\u0000${key.value}\u0000${at.value.getTime()}`;
    const earlier = seen.get(id);
    if (earlier !== undefined) {
      errors.push({ row, error: `same target, key and valid_from as row ${earlier}` });
      return;
    }
    seen.set(id, row);
    changes.push({ row, target: target.value, key: key.value, value: value.value, at: at.value });
  });
  // Per target and key, apply oldest first so a file may carry history.
  changes.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { changes, errors };
}
