import { WindowRangeError } from '../exotel/windows';
import { defaultBackfillEnd, resolveBackfillRange } from './backfillRange';

const ist = (text: string) => new Date(`${text}+05:30`);
const ZONE = 'Asia/Kolkata';
// A fixed clock: six months before it is 2026-05-24 15:00 IST, so the oldest whole day served is the 25th.
const now = ist('2026-11-24T15:00:00');

describe('resolveBackfillRange', () => {
  it('keeps a range Exotel serves as asked, without a notice', () => {
    const requested = { from: ist('2026-06-01T00:00:00'), to: ist('2026-11-24T00:00:00') };
    expect(resolveBackfillRange(requested, now, ZONE)).toEqual(requested);
  });

  it('moves a start older than six months to the oldest whole day Exotel still serves, and says so', () => {
    const range = resolveBackfillRange(
      { from: ist('2026-01-01T00:00:00'), to: ist('2026-06-10T00:00:00') },
      now,
      ZONE,
    );
    expect(range.from).toEqual(ist('2026-05-25T00:00:00'));
    expect(range.to).toEqual(ist('2026-06-10T00:00:00'));
    expect(range.notice).toBe(
      'the range start 2026-01-01 00:00:00 Asia/Kolkata is older than the 6 months Exotel keeps call records; ' +
        'loading from 2026-05-25 00:00:00 Asia/Kolkata, the oldest day it still serves',
    );
  });

  it('gives the same start all day, so the same command resumes the same job until midnight', () => {
    const requested = { from: ist('2026-01-01T00:00:00'), to: ist('2026-06-10T00:00:00') };
    const morning = resolveBackfillRange(requested, ist('2026-11-24T00:00:01'), ZONE);
    const evening = resolveBackfillRange(requested, ist('2026-11-24T23:59:59'), ZONE);
    expect(morning.from).toEqual(ist('2026-05-25T00:00:00'));
    expect(evening.from).toEqual(morning.from);
    expect(resolveBackfillRange(requested, ist('2026-11-25T00:00:01'), ZONE).from).toEqual(
      ist('2026-05-26T00:00:00'),
    );
  });

  it('starts at the earliest instant itself when six months back falls on midnight', () => {
    const range = resolveBackfillRange(
      { from: ist('2026-01-01T00:00:00'), to: ist('2026-06-10T00:00:00') },
      ist('2026-11-24T00:00:00'),
      ZONE,
    );
    expect(range.from).toEqual(ist('2026-05-24T00:00:00'));
  });

  it('refuses a range that ends before the oldest day Exotel serves, saying why', () => {
    const old = { from: ist('2026-01-01T00:00:00'), to: ist('2026-05-25T00:00:00') };
    expect(() => resolveBackfillRange(old, now, ZONE)).toThrow(WindowRangeError);
    expect(() => resolveBackfillRange(old, now, ZONE)).toThrow(
      /before the oldest day Exotel still serves \(2026-05-25 00:00:00 Asia\/Kolkata.*nothing in it can be loaded/,
    );
  });

  it('still refuses a start after its end', () => {
    expect(() =>
      resolveBackfillRange({ from: ist('2026-11-02T00:00:00'), to: ist('2026-11-01T00:00:00') }, now, ZONE),
    ).toThrow(/is not before its end/);
  });
});

describe('defaultBackfillEnd', () => {
  it('is the end of today in the account zone, like --to <today>', () => {
    expect(defaultBackfillEnd(now, ZONE)).toEqual(ist('2026-11-25T00:00:00'));
    expect(defaultBackfillEnd(new Date('2026-11-24T20:00:00Z'), ZONE)).toEqual(ist('2026-11-26T00:00:00'));
  });
});
