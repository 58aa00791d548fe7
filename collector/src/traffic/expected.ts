import { DAY_MS, HOUR_MS, zoneClock } from '../querykit/zone';

/**
 * Expected incoming traffic, pure (docs/kpis.md "Expected traffic"). For one scope (an ExoPhone, a
 * team, the whole account) the calls expected in a local hour are the median of the same hour of the
 * week in the trailing weeks, and the band around it comes from their median absolute deviation (MAD),
 * floored by Poisson noise so a flat history does not give a zero-width band:
 *
 *   history  = counts of hour h − k weeks, k = 1…8, leaving out weeks whose hour was a holiday and weeks
 *              before the first stored call; fewer than 4 such weeks → no expectation (unknown)
 *   expected = median(history)
 *   σ        = max(1.4826 × MAD(history), √expected)
 *   band     = [max(0, expected − 3σ), expected + 3σ]
 *
 * A window that is not one whole hour (a bucket, the trailing hour of the Prometheus gauges) sums its
 * hours, each weighted by the share of it inside the window: expected = Σ sₕ·mₕ and
 * σ² = Σ max((sₕ·1.4826·MADₕ)², sₕ·mₕ), so a single whole hour gets exactly the band above.
 */

export const WEEK_MS = 7 * DAY_MS;
/** Weeks of history looked at. */
export const MAX_WEEKS = 8;
/** Fewer usable weeks than this and there is no expectation. */
export const MIN_WEEKS = 4;
/** Half-width of the band, in σ. */
export const BAND_SIGMAS = 3;
/** MAD × this estimates the standard deviation of normally distributed counts. */
export const MAD_TO_SIGMA = 1.4826;

export interface HistoryInput {
  /** Zone of the hours of the week (the business time zone). */
  zone: string;
  /** Incoming calls in the local hour starting at this instant (0 when there were none). */
  countAt(hourStart: number): number;
  /** Starts of the hours that were (even partly) a holiday of the scope's calendar: left out. */
  holidays: ReadonlySet<number>;
  /** No call is stored before this instant: earlier hours are unknown, not quiet. */
  historyFrom: number;
}

export interface HourStats {
  median: number;
  mad: number;
  /** Weeks the median was taken over. */
  weeks: number;
}

export interface Band {
  expected: number;
  lower: number;
  upper: number;
}

const ascending = (a: number, b: number) => a - b;

function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('the median of nothing');
  return medianOfSorted([...values].sort(ascending));
}

/** The start of the same local hour `weeks` weeks earlier (wall clock, so DST keeps the hour). */
export function weeksBefore(hourStart: number, weeks: number, zone: string): number {
  return zoneClock(zone).add(hourStart, WEEK_MS, -weeks);
}

/** The local hours overlapping [from, to), each with the share of it that lies inside. */
export function hourShares(from: number, to: number, zone: string): { hour: number; share: number }[] {
  const clock = zoneClock(zone);
  const shares: { hour: number; share: number }[] = [];
  for (let hour = clock.floor(from, HOUR_MS); hour < to; hour = clock.floor(hour + HOUR_MS, HOUR_MS)) {
    const inside = Math.min(to, hour + HOUR_MS) - Math.max(from, hour);
    if (inside > 0) shares.push({ hour, share: inside / HOUR_MS });
  }
  return shares;
}

function pastHours(hourStart: number, zone: string): number[] {
  return Array.from({ length: MAX_WEEKS }, (_, i) => weeksBefore(hourStart, i + 1, zone));
}

/**
 * An hour of a window: the share of it inside the window, and the same hour 1…MAX_WEEKS weeks back
 * (most recent first) as positions in the hours of its HistoryPlan.
 */
export interface WindowHour {
  share: number;
  past: readonly number[];
}

/**
 * What the bands of a set of windows read: every hour of history they need (sorted, unique), and each
 * window's hours pointing into them. The hours are the same for every scope of a query (only the counts
 * differ), so a query works them out once, and each scope's history is arrays over them (HourSeries):
 * a band then reads by position, with no lookup by instant.
 */
export interface HistoryPlan {
  hours: number[];
  windows: WindowHour[][];
}

export function historyPlan(windows: readonly [number, number][], zone: string): HistoryPlan {
  const byWindow = windows.map(([from, to]) =>
    hourShares(from, to, zone).map(({ hour, share }) => ({ share, past: pastHours(hour, zone) })),
  );
  const hours = [...new Set(byWindow.flatMap((hours) => hours.flatMap(({ past }) => past)))].sort(
    (a, b) => a - b,
  );
  const position = new Map(hours.map((hour, i) => [hour, i]));
  return {
    hours,
    windows: byWindow.map((hours) =>
      hours.map(({ share, past }) => ({ share, past: past.map((hour) => position.get(hour)!) })),
    ),
  };
}

/** Every hour whose count the bands of the windows need (sorted, unique). */
export function historyHours(windows: readonly [number, number][], zone: string): number[] {
  return historyPlan(windows, zone).hours;
}

/** One scope's history over the hours of a HistoryPlan, by position. */
export interface HourSeries {
  /** Incoming calls in each hour. */
  counts: ArrayLike<number>;
  /** 1 where the hour counts (usableHours), 0 where it is left out. */
  usable: ArrayLike<number>;
}

/** Which hours count: none before the first stored call (unknown, not quiet), no holiday of the scope. */
export function usableHours(
  hours: readonly number[],
  holidays: ReadonlySet<number>,
  historyFrom: number,
): Uint8Array {
  const usable = new Uint8Array(hours.length);
  for (let i = 0; i < hours.length; i++)
    usable[i] = hours[i]! >= historyFrom && (holidays.size === 0 || !holidays.has(hours[i]!)) ? 1 : 0;
  return usable;
}

function hourSeries(hours: readonly number[], input: HistoryInput): HourSeries {
  return {
    counts: hours.map((hour) => input.countAt(hour)),
    usable: usableHours(hours, input.holidays, input.historyFrom),
  };
}

/**
 * The usable counts of one hour's past, sorted in place: pastStats runs for every hour of every group
 * of a query (some 27,000 a week of teams), so it reuses this instead of allocating and sorts by
 * insertion, which for at most MAX_WEEKS numbers beats Array#sort and its comparator calls.
 */
const scratch = new Float64Array(MAX_WEEKS);

function sortScratch(length: number): void {
  for (let i = 1; i < length; i++) {
    const value = scratch[i]!;
    let j = i - 1;
    for (; j >= 0 && scratch[j]! > value; j--) scratch[j + 1] = scratch[j]!;
    scratch[j + 1] = value;
  }
}

function scratchMedian(length: number): number {
  const mid = length >> 1;
  return length % 2 === 1 ? scratch[mid]! : (scratch[mid - 1]! + scratch[mid]!) / 2;
}

/** Median and MAD of the usable ones of `past` (positions in the series). */
function pastStats(past: readonly number[], series: HourSeries): HourStats | null {
  let weeks = 0;
  for (let k = 0; k < past.length && k < MAX_WEEKS; k++) {
    const at = past[k]!;
    if (series.usable[at]) scratch[weeks++] = series.counts[at]!;
  }
  if (weeks < MIN_WEEKS) return null;
  sortScratch(weeks);
  const m = scratchMedian(weeks);
  for (let i = 0; i < weeks; i++) scratch[i] = Math.abs(scratch[i]! - m);
  sortScratch(weeks);
  return { median: m, mad: scratchMedian(weeks), weeks };
}

/** Median and MAD of the hour's usable history; null with fewer than MIN_WEEKS usable weeks. */
export function hourStats(hourStart: number, input: HistoryInput): HourStats | null {
  const past = pastHours(hourStart, input.zone);
  return pastStats(
    past.map((_, i) => i),
    hourSeries(past, input),
  );
}

/** The band of calls expected over the hours of a window (a HistoryPlan's); null when one has no expectation. */
export function hoursBand(hours: readonly WindowHour[], series: HourSeries): Band | null {
  let expected = 0;
  let variance = 0;
  for (const { share, past } of hours) {
    const stats = pastStats(past, series);
    if (!stats) return null;
    expected += share * stats.median;
    variance += Math.max((share * MAD_TO_SIGMA * stats.mad) ** 2, share * stats.median);
  }
  const spread = BAND_SIGMAS * Math.sqrt(variance);
  return { expected, lower: Math.max(0, expected - spread), upper: expected + spread };
}

/** The band of calls expected in [from, to); null when one of its hours has no expectation. */
export function windowBand(from: number, to: number, input: HistoryInput): Band | null {
  const plan = historyPlan([[from, to]], input.zone);
  return hoursBand(plan.windows[0]!, hourSeries(plan.hours, input));
}
