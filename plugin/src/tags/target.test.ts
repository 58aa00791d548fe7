import { isFlow, keyProblem, normaliseTarget } from './target';

describe('normaliseTarget', () => {
  it('writes Indian numbers in E.164 like the collector', () => {
    expect(normaliseTarget('09876543210')).toBe('+919876543210');
    expect(normaliseTarget('98765 43210')).toBe('+919876543210');
    expect(normaliseTarget('919876543210')).toBe('+919876543210');
    expect(normaliseTarget('+91 80-4567-8900')).toBe('+918045678900');
  });

  it('keeps flows and rejects anything else', () => {
    expect(normaliseTarget(' flow:12345 ')).toBe('flow:12345');
    expect(isFlow('flow:1')).toBe(true);
    expect(normaliseTarget('sales team')).toBeNull();
    expect(normaliseTarget('123')).toBeNull();
  });
});

describe('keyProblem', () => {
  it('accepts tag keys and names the problem otherwise', () => {
    expect(keyProblem('team', ['direction'])).toBeNull();
    expect(keyProblem('Team', [])).toMatch(/lower-case/);
    expect(keyProblem('direction', ['direction', 'period'])).toMatch(/reserved/);
    expect(keyProblem('period', ['direction', 'period'])).toMatch(/reserved/);
    expect(keyProblem('period', [])).toBeNull();
  });
});
