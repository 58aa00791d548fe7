import { DateTime } from 'luxon';
import {
  BAND_SIGMAS,
  MAD_TO_SIGMA,
  WEEK_MS,
  historyHours,
  historyPlan,
  hourShares,
  hourStats,
  median,
  weeksBefore,
  windowBand,
  type HistoryInput,
} from './expected';

const HOUR = 3_600_000;
const KOLKATA = 'Asia/Kolkata';
const at = (local: string, zone = KOLKATA) => DateTime.fromISO(local, { zone }).toMillis();

/** A Wednesday 11:00 IST, and the counts of that hour 1, 2, … weeks earlier. */
const NOW_HOUR = at('2026-11-25T11:00');
function history(counts: number[], overrides: Partial<HistoryInput> = {}): HistoryInput {
  const byHour = new Map(counts.map((n, i) => [NOW_HOUR - (i + 1) * WEEK_MS, n]));
  return {
    zone: KOLKATA,
    countAt: (hour) => byHour.get(hour) ?? 0,
    holidays: new Set(),
    // Data from the oldest week given on.
    historyFrom: NOW_HOUR - counts.length * WEEK_MS,
    ...overrides,
  };
}

describe('expected traffic', () => {
  it('takes the median of an odd or even number of values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/median of nothing/);
  });

  it('expects the median of the same hour over the last 8 weeks, unmoved by one dead week', () => {
    // Week 3 was an outage (0 calls): the median and MAD barely notice.
    const stats = hourStats(NOW_HOUR, history([10, 12, 0, 11, 13, 12, 11, 10, 99]));
    expect(stats).toEqual({ median: 11, mad: 1, weeks: 8 });
  });

  it('leaves out the weeks whose hour was a holiday, and needs 4 usable weeks', () => {
    const weeks = [40, 2, 41, 3, 39, 42];
    const holidays = new Set([NOW_HOUR - 2 * WEEK_MS, NOW_HOUR - 4 * WEEK_MS]);
    // Six weeks of data, two of them holidays (2 and 3 calls): the expectation is the working weeks'.
    expect(hourStats(NOW_HOUR, history(weeks, { historyFrom: NOW_HOUR - 6 * WEEK_MS, holidays }))).toEqual({
      median: 40.5,
      mad: 1,
      weeks: 4,
    });
    // One more holiday and only three usable weeks remain: unknown.
    holidays.add(NOW_HOUR - 1 * WEEK_MS);
    expect(hourStats(NOW_HOUR, history(weeks, { historyFrom: NOW_HOUR - 6 * WEEK_MS, holidays }))).toBeNull();
  });

  it('treats the weeks before the first stored call as unknown, not as quiet', () => {
    const counts = [20, 21, 19, 22, 20, 20, 20, 20];
    expect(hourStats(NOW_HOUR, history(counts, { historyFrom: NOW_HOUR - 3 * WEEK_MS }))).toBeNull();
    expect(hourStats(NOW_HOUR, history(counts, { historyFrom: NOW_HOUR - 4 * WEEK_MS }))).toEqual({
      median: 20.5,
      mad: 1,
      weeks: 4,
    });
    // The first call inside week 5's hour: that hour is unknown too (it starts before historyFrom).
    expect(hourStats(NOW_HOUR, history(counts, { historyFrom: NOW_HOUR - 5 * WEEK_MS + 1 }))?.weeks).toBe(4);
  });

  it('gives one whole hour the band median ± 3σ, σ = max(1.4826·MAD, √median), never below 0', () => {
    const wide = history([100, 80, 120, 100, 90, 110, 100, 60]);
    const stats = hourStats(NOW_HOUR, wide)!;
    expect(stats).toEqual({ median: 100, mad: 10, weeks: 8 });
    const band = windowBand(NOW_HOUR, NOW_HOUR + HOUR, wide)!;
    expect(band.expected).toBe(100);
    expect(band.lower).toBeCloseTo(100 - BAND_SIGMAS * MAD_TO_SIGMA * 10, 9);
    expect(band.upper).toBeCloseTo(100 + BAND_SIGMAS * MAD_TO_SIGMA * 10, 9);
    // A perfectly flat history: Poisson noise (√16 = 4) keeps the band open.
    expect(windowBand(NOW_HOUR, NOW_HOUR + HOUR, history([16, 16, 16, 16]))).toEqual({
      expected: 16,
      lower: 4,
      upper: 28,
    });
    // Too few calls to say anything low: the lower bound is 0.
    expect(windowBand(NOW_HOUR, NOW_HOUR + HOUR, history([3, 4, 2, 3]))!.lower).toBe(0);
  });

  it('clips the lower bound of a sub-hour bucket at 0 even where its whole hour has one above 0', () => {
    const flat = history([12, 12, 12, 12]);
    // The hour: 12 ∓ 3·√12, lower 1.6. A 5-minute bucket of it: 1 ∓ 3·√1, so its lower bound is 0, and
    // a 5-minute bucket without calls is never below the band.
    expect(windowBand(NOW_HOUR, NOW_HOUR + HOUR, flat)!.lower).toBeCloseTo(12 - 3 * Math.sqrt(12), 9);
    const fiveMinutes = windowBand(NOW_HOUR, NOW_HOUR + 5 * 60_000, flat)!;
    expect(fiveMinutes.expected).toBeCloseTo(1, 9);
    expect(fiveMinutes.upper).toBeCloseTo(4, 9);
    expect(fiveMinutes.lower).toBe(0);
  });

  it('weights each hour of a window by the share of it inside, and is unknown if one hour is', () => {
    const counts = new Map<number, number>();
    for (let k = 1; k <= 8; k++) {
      counts.set(NOW_HOUR - k * WEEK_MS, 60); // 11:00–12:00
      counts.set(NOW_HOUR + HOUR - k * WEEK_MS, 30); // 12:00–13:00
    }
    const input: HistoryInput = {
      zone: KOLKATA,
      countAt: (h) => counts.get(h) ?? 0,
      holidays: new Set(),
      historyFrom: -Infinity,
    };
    // 11:40–12:40: a third of the first hour and two thirds of the second.
    const band = windowBand(NOW_HOUR + 40 * 60_000, NOW_HOUR + 100 * 60_000, input)!;
    expect(band.expected).toBeCloseTo(60 / 3 + (30 * 2) / 3, 9);
    expect(band.upper - band.expected).toBeCloseTo(BAND_SIGMAS * Math.sqrt(60 / 3 + (30 * 2) / 3), 9);
    // History from half an hour into week 4's 11:00: that hour has 3 usable weeks, the next one 4.
    const partial = { ...input, historyFrom: NOW_HOUR - 4 * WEEK_MS + 30 * 60_000 };
    expect(windowBand(NOW_HOUR + HOUR, NOW_HOUR + 2 * HOUR, partial)).not.toBeNull();
    expect(windowBand(NOW_HOUR, NOW_HOUR + 2 * HOUR, partial)).toBeNull();
  });

  it('cuts windows at local hours (half-hour zones) and keeps the wall-clock hour across DST', () => {
    // Kolkata is UTC+05:30: its hours start at :30 UTC.
    expect(
      hourShares(Date.parse('2026-11-25T05:45:00Z'), Date.parse('2026-11-25T06:45:00Z'), KOLKATA),
    ).toEqual([
      { hour: Date.parse('2026-11-25T05:30:00Z'), share: 0.75 },
      { hour: Date.parse('2026-11-25T06:30:00Z'), share: 0.25 },
    ]);
    // New York moved to daylight time on 2026-03-08: 10:00 on the 9th is 14:00 UTC, a week before 15:00 UTC.
    const ny = 'America/New_York';
    expect(weeksBefore(at('2026-03-09T10:00', ny), 1, ny)).toBe(at('2026-03-02T10:00', ny));
    expect(weeksBefore(at('2026-03-09T10:00', ny), 1, ny)).toBe(Date.parse('2026-03-02T15:00:00Z'));
  });

  it('lists the history hours a set of windows needs, once each', () => {
    const hours = historyHours(
      [
        [NOW_HOUR, NOW_HOUR + HOUR],
        [NOW_HOUR + 30 * 60_000, NOW_HOUR + 2 * HOUR],
      ],
      KOLKATA,
    );
    expect(hours).toHaveLength(16);
    expect(hours[0]).toBe(NOW_HOUR - 8 * WEEK_MS);
    expect(hours[hours.length - 1]).toBe(NOW_HOUR + HOUR - WEEK_MS);
    expect([...hours].sort((a, b) => a - b)).toEqual(hours);
  });

  it('points each hour of each window at its past hours in the plan, most recent week first', () => {
    const windows: [number, number][] = [
      [NOW_HOUR, NOW_HOUR + HOUR],
      [NOW_HOUR + 30 * 60_000, NOW_HOUR + 2 * HOUR],
    ];
    const plan = historyPlan(windows, KOLKATA);
    expect(plan.hours).toEqual(historyHours(windows, KOLKATA));
    expect(plan.windows.map((hours) => hours.map(({ share }) => share))).toEqual([[1], [0.5, 1]]);
    const pastOf = (hour: number) => Array.from({ length: 8 }, (_, k) => weeksBefore(hour, k + 1, KOLKATA));
    expect(plan.windows[1]!.map(({ past }) => past.map((at) => plan.hours[at]))).toEqual([
      pastOf(NOW_HOUR),
      pastOf(NOW_HOUR + HOUR),
    ]);
    // The hour both windows share is one set of positions.
    expect(plan.windows[0]![0]!.past).toEqual(plan.windows[1]![0]!.past);
  });
});
