import type { TagRow } from '../collectorTypes';
import { parseCsv } from './csv';
import { keyProblem, normaliseTarget } from './target';

/** One data row of a tags CSV (target,key,value[,valid_from]) compared with the tags in force now. */
export interface PreviewChange {
  /** 1-based record number in the file (the header is 1). */
  row: number;
  target: string;
  key: string;
  value: string;
  /** ISO instant, or undefined for "now". */
  validFrom?: string;
  action: 'add' | 'change' | 'unchanged';
  previous?: string;
}

export interface PreviewError {
  row: number;
  error: string;
}

export interface ImportPreview {
  changes: PreviewChange[];
  errors: PreviewError[];
}

const REQUIRED = ['target', 'key', 'value'];
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_VALUE = 200;

function valueProblem(value: string): string | null {
  if (value === '') {
    return 'tag value is empty';
  }
  if (value.length > MAX_VALUE) {
    return `tag value is longer than ${MAX_VALUE} characters`;
  }

  return /[\u0000-\u001f\u007f]/.test(value) ? 'tag value contains control characters' : null;
}

function instant(text: string): { iso?: string; problem?: string } {
  if (text === '') {
    return {};
  }
  if (/^\d{1,15}$/.test(text)) {
    return { iso: new Date(Number(text)).toISOString() };
  }
  const date = new Date(text);
  if (!INSTANT.test(text) || Number.isNaN(date.getTime())) {
    return { problem: `valid_from "${text}" must be ISO 8601 with an offset (2026-01-31T09:00:00+05:30) or epoch ms` };
  }
  return { iso: date.toISOString() };
}

type Parsed = Omit<PreviewChange, 'action' | 'previous'>;

function parseRow(record: string[], header: string[], row: number): Parsed | PreviewError {
  if (record.length !== header.length) {
    return { row, error: `has ${record.length} fields, the header has ${header.length}` };
  }
  const cell = (name: string) => (header.includes(name) ? record[header.indexOf(name)].trim() : '');
  const target = normaliseTarget(cell('target'));
  const key = cell('key');
  const value = cell('value');
  const from = instant(cell('valid_from'));
  const problems = [
    target === null ? `target "${cell('target')}" is neither a phone number nor flow:<flow_id>` : null,
    keyProblem(key),
    valueProblem(value),
    from.problem ?? null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0 || target === null) {
    return { row, error: problems.join('; ') };
  }
  return { row, target, key, value, ...(from.iso ? { validFrom: from.iso } : {}) };
}

/**
 * What importing a tags CSV would change, before anything is written: every row is checked like the
 * collector checks it and compared with the value in force now (`current`, from GET /api/v1/tags).
 */
export function previewImport(text: string, current: readonly TagRow[]): ImportPreview {
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    return { changes: [], errors: [{ row: 0, error: (e as Error).message }] };
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((h) => !header.includes(h));
  const unknown = header.filter((h) => ![...REQUIRED, 'valid_from'].includes(h));
  if (missing.length > 0 || unknown.length > 0) {
    const what = [...missing.map((m) => `missing column ${m}`), ...unknown.map((u) => `unknown column ${u}`)];
    return {
      changes: [],
      errors: [{ row: 1, error: `header: ${what.join(', ')} (expected target,key,value[,valid_from])` }],
    };
  }
  const inForce = new Map(current.map((t) => [`${t.target}\u0000${t.key}`, t]));
  const seen = new Map<string, number>();
  const changes: PreviewChange[] = [];
  const errors: PreviewError[] = [];
  records.slice(1).forEach((record, i) => {
    const parsed = parseRow(record, header, i + 2);
    if ('error' in parsed) {
      errors.push(parsed);
      return;
    }
    const id = `${parsed.target}\u0000${parsed.key}`;
    const earlier = seen.get(`${id}\u0000${parsed.validFrom ?? ''}`);
    if (earlier !== undefined) {
      errors.push({ row: parsed.row, error: `same target, key and valid_from as row ${earlier}` });
      return;
    }
    seen.set(`${id}\u0000${parsed.validFrom ?? ''}`, parsed.row);
    const now = inForce.get(id);
    if (now?.validFrom && parsed.validFrom && parsed.validFrom < now.validFrom) {
      errors.push({
        row: parsed.row,
        error: `${parsed.target} ${parsed.key} already has a value from ${now.validFrom}; valid_from must be at or after it`,
      });
      return;
    }
    const action = !now ? 'add' : now.value === parsed.value ? 'unchanged' : 'change';
    changes.push({ ...parsed, action, ...(now ? { previous: now.value } : {}) });
  });
  return { changes, errors };
}
