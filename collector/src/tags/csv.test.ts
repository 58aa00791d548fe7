import { CsvError, formatCsv, parseCsv } from './csv';

describe('RFC 4180 CSV', () => {
  it('reads quoted fields with commas, doubled quotes, newlines, CRLF and a BOM', () => {
    const text =
      '\uFEFFtarget,key,value\r\n+919800000001,team,"Sales, North"\r\nflow:1,note,"say ""hi""\nthere"\n';
    expect(parseCsv(text)).toEqual([
      ['target', 'key', 'value'],
      ['+919800000001', 'team', 'Sales, North'],
      ['flow:1', 'note', 'say "hi"\nthere'],
    ]);
  });

  it('keeps empty fields and skips blank lines', () => {
    expect(parseCsv('a,,c\n\n,b,\n')).toEqual([
      ['a', '', 'c'],
      ['', 'b', ''],
    ]);
  });

  it('rejects malformed quoting with the line number', () => {
    expect(() => parseCsv('a,b\n"open,c\n')).toThrow(CsvError);
    expect(() => parseCsv('a,"b"x\n')).toThrow(/line 1: characters after a closing quote/);
    expect(() => parseCsv('a\nb"c\n')).toThrow(/line 2: a quote inside an unquoted field/);
  });

  it('round-trips what it writes', () => {
    const rows = [
      ['target', 'value'],
      ['x', 'a "quoted", multi\nline'],
      ['y', ' padded '],
    ];
    expect(parseCsv(formatCsv(rows))).toEqual(rows);
  });
});
