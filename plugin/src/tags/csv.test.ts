import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads plain, quoted and CRLF records and skips blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n\nlast,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['last', ''],
    ]);
  });

  it('keeps newlines inside quotes', () => {
    expect(parseCsv('"two\nlines",b')).toEqual([['two\nlines', 'b']]);
  });

  it('names the line of a broken quote', () => {
    expect(() => parseCsv('a,b\n"open,b')).toThrow('line 2: unterminated quoted field');
    expect(() => parseCsv('a"b,c')).toThrow('line 1: a quote inside an unquoted field');
    expect(() => parseCsv('"a"b,c')).toThrow('line 1: characters after a closing quote');
  });
});
