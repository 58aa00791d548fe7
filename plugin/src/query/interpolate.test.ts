import { expandSingle, expandValues, meansAll, type Replace } from './interpolate';

/** A tiny stand-in for Grafana's templateSrv.replace with a custom format function. */
function fakeReplace(vars: Record<string, string | string[]>): Replace {
  return (text, format) =>
    text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => (name in vars ? format(vars[name]) : whole));
}

describe('expandValues', () => {
  const replace = fakeReplace({
    team: ['sales', 'support'],
    region: 'KA',
    all: ['a', 'b', 'c'],
    star: '*',
    dotStar: '.*',
  });

  it('expands a multi-value variable into several values', () => {
    expect(expandValues(['$team'], replace)).toEqual(['sales', 'support']);
  });

  it('mixes literals, single and multi values and removes duplicates', () => {
    expect(expandValues(['sales', '${team}', '$region', ''], replace)).toEqual(['sales', 'support', 'KA']);
  });

  it('expands All into every value', () => {
    expect(expandValues(['$all'], replace)).toEqual(['a', 'b', 'c']);
  });

  it('recognises a custom all value', () => {
    expect(meansAll(expandValues(['$star'], replace))).toBe(true);
    expect(meansAll(expandValues(['$dotStar'], replace))).toBe(true);
    expect(meansAll(expandValues(['$team'], replace))).toBe(false);
  });

  it('leaves unknown variables alone', () => {
    expect(expandValues(['$nope'], replace)).toEqual(['$nope']);
  });

  it('takes the first value for single-valued parts', () => {
    expect(expandSingle('$team', replace)).toBe('sales');
    expect(expandSingle('calls', replace)).toBe('calls');
  });
});
