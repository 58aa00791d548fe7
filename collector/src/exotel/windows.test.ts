import { dateCreatedFilter, splitWindows, WindowRangeError } from './windows';

const ist = (text: string) => new Date(`${text}+05:30`);
const now = ist('2026-11-24T15:00:00');

describe('splitWindows', () => {
  it('splits a backfill at calendar-month boundaries of the account zone', () => {
    const windows = splitWindows(ist('2026-06-01T00:00:00'), ist('2026-11-24T00:00:00'), now);
    expect(windows.map((w) => dateCreatedFilter(w))).toEqual([
      'gte:2026-06-01 00:00:00;lte:2026-06-30 23:59:59',
      'gte:2026-07-01 00:00:00;lte:2026-07-31 23:59:59',
      'gte:2026-08-01 00:00:00;lte:2026-08-31 23:59:59',
      'gte:2026-09-01 00:00:00;lte:2026-09-30 23:59:59',
      'gte:2026-10-01 00:00:00;lte:2026-10-31 23:59:59',
      'gte:2026-11-01 00:00:00;lte:2026-11-23 23:59:59',
    ]);
    windows.slice(1).forEach((w, i) => expect(w.from).toEqual(windows[i]?.to));
  });

  it('keeps a range inside one month as one window and splits one that crosses', () => {
    expect(splitWindows(ist('2026-11-24T14:30:00'), now, now)).toEqual([
      { from: ist('2026-11-24T14:30:00'), to: now },
    ]);
    const crossing = splitWindows(ist('2026-10-31T23:50:00'), ist('2026-11-01T00:10:00'), now);
    expect(crossing).toEqual([
      { from: ist('2026-10-31T23:50:00'), to: ist('2026-11-01T00:00:00') },
      { from: ist('2026-11-01T00:00:00'), to: ist('2026-11-01T00:10:00') },
    ]);
  });

  it('accepts a start exactly six months back and refuses one older, saying what to do', () => {
    expect(splitWindows(ist('2026-05-24T15:00:00'), now, now)).toHaveLength(7);
    expect(() => splitWindows(ist('2026-05-24T14:59:59'), now, now)).toThrow(WindowRangeError);
    expect(() => splitWindows(ist('2026-05-01T00:00:00'), now, now)).toThrow(
      /more than 6 months ago.*Start at 2026-05-24 15:00:00 Asia\/Kolkata or later/,
    );
  });

  it('refuses from >= to and an end in the future', () => {
    expect(() => splitWindows(now, now, now)).toThrow(/is not before its end/);
    expect(() => splitWindows(ist('2026-11-02T00:00:00'), ist('2026-11-01T00:00:00'), now)).toThrow(
      WindowRangeError,
    );
    expect(() => splitWindows(ist('2026-11-01T00:00:00'), ist('2026-11-25T00:00:00'), now)).toThrow(
      /in the future/,
    );
  });
});

describe('dateCreatedFilter', () => {
  it('makes inclusive whole-second bounds that stop before the window end', () => {
    const window = { from: new Date('2026-11-24T09:00:00.400Z'), to: new Date('2026-11-24T09:30:00.000Z') };
    expect(dateCreatedFilter(window)).toBe('gte:2026-11-24 14:30:00;lte:2026-11-24 14:59:59');
    expect(dateCreatedFilter(window, 'UTC')).toBe('gte:2026-11-24 09:00:00;lte:2026-11-24 09:29:59');
  });
});
