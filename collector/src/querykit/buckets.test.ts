import { bucketStarts, parseInterval } from './buckets';

const iv = (text: string) => parseInterval(text)!;
const ms = (iso: string) => new Date(iso).getTime();

describe('buckets in the business time zone', () => {
  it('cuts hours and days at local boundaries (India is UTC+05:30)', () => {
    const hours = bucketStarts(
      ms('2026-01-05T04:45:00Z'),
      ms('2026-01-05T07:30:00Z'),
      iv('1h'),
      'Asia/Kolkata',
    )!;
    expect(hours.map((h) => new Date(h).toISOString())).toEqual([
      '2026-01-05T04:30:00.000Z',
      '2026-01-05T05:30:00.000Z',
      '2026-01-05T06:30:00.000Z',
    ]);
    const days = bucketStarts(
      ms('2026-01-04T18:30:00Z'),
      ms('2026-01-06T18:30:00Z'),
      iv('1d'),
      'Asia/Kolkata',
    )!;
    expect(days.map((d) => new Date(d).toISOString())).toEqual([
      '2026-01-04T18:30:00.000Z',
      '2026-01-05T18:30:00.000Z',
    ]);
  });

  it('follows DST: a local day is 23 hours long on the spring-forward day', () => {
    const days = bucketStarts(
      ms('2026-03-07T05:00:00Z'),
      ms('2026-03-10T05:00:00Z'),
      iv('1d'),
      'America/New_York',
    )!;
    expect(days.map((d) => new Date(d).toISOString())).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
  });

  it('starts weeks on Monday, supports one bucket for the whole range, and caps the bucket count', () => {
    expect(bucketStarts(ms('2026-01-07T00:00:00Z'), ms('2026-01-08T00:00:00Z'), iv('1w'), 'UTC')).toEqual([
      ms('2026-01-05T00:00:00Z'),
    ]);
    expect(bucketStarts(5, 10, iv('all'), 'UTC')).toEqual([5]);
    expect(bucketStarts(0, 400 * 86_400_000, iv('1m'), 'UTC')).toBeNull();
    expect(parseInterval('7s')).toBeNull();
  });
});
