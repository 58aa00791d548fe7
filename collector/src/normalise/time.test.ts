import { parseLocalTime } from './time';
import { formatLocalTime } from '../exotel/time';

describe('parseLocalTime', () => {
  it('reads Exotel local time as IST by default semantics', () => {
    expect(parseLocalTime('2017-03-03 10:48:33', 'Asia/Kolkata')?.toISOString()).toBe(
      '2017-03-03T05:18:33.000Z',
    );
  });

  it('moves the date back across midnight (edge of day)', () => {
    expect(parseLocalTime('2026-06-01 00:00:00', 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-05-31T18:30:00.000Z',
    );
    expect(parseLocalTime('2026-06-01 05:29:59', 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-05-31T23:59:59.000Z',
    );
    expect(parseLocalTime('2026-12-31 23:59:59', 'Asia/Kolkata')?.toISOString()).toBe(
      '2026-12-31T18:29:59.000Z',
    );
  });

  it('follows daylight saving in zones that have it', () => {
    expect(parseLocalTime('2026-01-15 12:00:00', 'Europe/London')?.toISOString()).toBe(
      '2026-01-15T12:00:00.000Z',
    );
    expect(parseLocalTime('2026-07-15 12:00:00', 'Europe/London')?.toISOString()).toBe(
      '2026-07-15T11:00:00.000Z',
    );
  });

  it.each([null, undefined, '', '   ', '0000-00-00 00:00:00', '1970-01-01 05:30:00'])(
    'treats placeholder %p as no time',
    (value) => expect(parseLocalTime(value, 'Asia/Kolkata')).toBeNull(),
  );

  it.each([
    '2026-02-30 10:00:00',
    '2026-13-01 00:00:00',
    '2026-01-01 24:00:00',
    'yesterday',
    '2026-01-01',
    42,
  ])('rejects %p naming the field', (value) =>
    expect(() => parseLocalTime(value, 'Asia/Kolkata', 'StartTime')).toThrow(/^StartTime: /),
  );
});

describe('formatLocalTime', () => {
  it('writes the account-local filter form, truncating to seconds', () => {
    expect(formatLocalTime(new Date('2026-05-31T18:30:00.999Z'), 'Asia/Kolkata')).toBe('2026-06-01 00:00:00');
  });

  it('round-trips with parseLocalTime', () => {
    const text = '2026-11-24 23:59:59';
    expect(formatLocalTime(parseLocalTime(text, 'Asia/Kolkata') as Date, 'Asia/Kolkata')).toBe(text);
  });
});
