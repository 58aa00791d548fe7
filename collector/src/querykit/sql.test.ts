import { instantsLiteral, Params } from './sql';

describe('Params', () => {
  it('hands out placeholders in order, with their casts', () => {
    const params = new Params();
    expect([params.add('a'), params.add(2, '::int')]).toEqual(['$1', '$2::int']);
    expect(params.values).toEqual(['a', 2]);
  });

  it('sends an array of instants as one literal of UTC ISO texts, and single instants as they are', () => {
    const params = new Params();
    const at = new Date('2026-10-24T18:30:00Z');
    params.add([at, new Date('2026-10-24T19:30:00.250Z')], '::timestamptz[]');
    params.add(at, '::timestamptz');
    params.add([], '::timestamptz[]');
    params.add([null, at], '::timestamptz[]');
    params.add([null], '::timestamptz[]');
    expect(params.values).toEqual([
      '{2026-10-24T18:30:00.000Z,2026-10-24T19:30:00.250Z}',
      at,
      [],
      '{NULL,2026-10-24T18:30:00.000Z}',
      [null],
    ]);
  });

  it('writes each instant as toISOString would, whatever its day, time or millisecond', () => {
    const instants = [
      Date.UTC(2026, 9, 24, 18, 30),
      Date.UTC(2028, 1, 29, 23, 59, 59, 999),
      Date.UTC(1969, 11, 31, 23, 0, 0, 1),
      Date.UTC(2026, 9, 24, 0, 0, 0, 0),
      // Hours sharing days and times of day, as buckets and history hours do.
      ...Array.from({ length: 72 }, (_, i) => Date.UTC(2026, 2, 28, 21, 30) + i * 3_600_000),
      ...Array.from({ length: 200 }, (_, i) => Date.UTC(2026, 0, 1) + i * 7_654_321_123 - 500 * 86_400_000),
    ].map((ms) => new Date(ms));
    expect(instantsLiteral(instants)).toBe(`{${instants.map((d) => d.toISOString()).join(',')}}`);
  });
});
