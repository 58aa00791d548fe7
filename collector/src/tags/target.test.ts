import { checkKey, checkValue, parseInstant, parseTarget } from './target';

describe('tag targets, keys and values', () => {
  it('normalises numbers to E.164 and accepts flow ids', () => {
    expect(parseTarget('09800000001')).toEqual({ ok: true, value: '+919800000001' });
    expect(parseTarget(' +91 98000 00001 ')).toEqual({ ok: true, value: '+919800000001' });
    expect(parseTarget('flow:11754')).toEqual({ ok: true, value: 'flow:11754' });
  });

  it('rejects anything else, including injection attempts', () => {
    for (const bad of [
      "'; DROP TABLE tags; --",
      'flow:',
      'flow:1;2',
      '',
      'abc',
      '0XXXXX38847',
      '+9'.repeat(40),
    ]) {
      expect(parseTarget(bad).ok).toBe(false);
    }
  });

  it('allows lower-case identifier keys that are not built-in dimensions', () => {
    expect(checkKey('team')).toEqual({ ok: true, value: 'team' });
    expect(checkKey('cost_centre2').ok).toBe(true);
    for (const bad of ['Team', '1team', 'team-name', 'a'.repeat(41), 'direction', 'exophone', "x' OR 1=1"]) {
      expect(checkKey(bad).ok).toBe(false);
    }
  });

  it('trims values and refuses empty, long or control-character values', () => {
    expect(checkValue('  Sales ')).toEqual({ ok: true, value: 'Sales' });
    expect(checkValue('').ok).toBe(false);
    expect(checkValue('x'.repeat(201)).ok).toBe(false);
    expect(checkValue('a\u0000b').ok).toBe(false);
  });

  it('reads ISO 8601 instants with an offset or epoch milliseconds only', () => {
    expect(parseInstant('2026-01-05T10:00:00+05:30')).toEqual({
      ok: true,
      value: new Date('2026-01-05T04:30:00Z'),
    });
    expect(parseInstant('1767600000000')).toEqual({ ok: true, value: new Date(1767600000000) });
    expect(parseInstant('2026-01-05 10:00').ok).toBe(false);
    expect(parseInstant('2026-13-45T10:00:00Z').ok).toBe(false);
  });
});
