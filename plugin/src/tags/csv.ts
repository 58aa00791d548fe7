/** RFC 4180 CSV (commas, CRLF or LF, `"` quoting with doubled quotes, optional UTF-8 BOM). */
export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let started = false;
  let line = 1;
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const endRecord = () => {
    record.push(field);
    if (record.length > 1 || record[0] !== '' || started) {
      records.push(record);
    }
    record = [];
    field = '';
    started = false;
  };
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
        const next = s[i + 1];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvError('characters after a closing quote', line);
        }
      } else {
        line += ch === '\n' ? 1 : 0;
        field += ch;
      }
    } else if (ch === '"') {
      if (field !== '') {
        throw new CsvError('a quote inside an unquoted field', line);
      }
      quoted = true;
      started = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
      started = true;
    } else if (ch === '\n' || (ch === '\r' && s[i + 1] !== '\n')) {
      endRecord();
      line++;
    } else if (ch !== '\r') {
      field += ch;
      started = true;
    }
  }
  if (quoted) {
    throw new CsvError('unterminated quoted field', line);
  }
  if (field !== '' || record.length > 0 || started) {
    endRecord();
  }
  return records;
}
