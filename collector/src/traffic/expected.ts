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

/** An hour of a window: the share of it inside the window, and the same hour 1…MAX_WEEKS weeks back. */
export interface WindowHour {
  share: number;
  past: readonly number[];
}

function pastHours(hourStart: number, zone: string): number[] {
  return Array.from({ length: MAX_WEEKS }, (_, i) => weeksBefore(hourStart, i + 1, zone));
}

/**
 * The hours of [from, to) with the past hours their bands read. They are the same for every scope of a
 * query (only the counts differ), so a query works them out once per window.
 */
export function windowHours(from: number, to: number, zone: string): WindowHour[] {
  return hourShares(from, to, zone).map(({ hour, share }) => ({ share, past: pastHours(hour, zone) }));
}

/** Every hour whose count the bands of the windows need (sorted, unique). */
export function historyHours(windows: readonly [number, number][], zone: string): number[] {
  const hours = new Set<number>();
  for (const [from, to] of windows)
    for (const { past } of windowHours(from, to, zone)) for (const hour of past) hours.add(hour);
  return [...hours].sort((a, b) => a - b);
}

/** Median and MAD of the usable ones of `past` (an hour's past hours, most recent first). */
function pastStats(past: readonly number[], input: HistoryInput): HourStats | null {
  const values: number[] = [];
  for (const hour of past) {
    if (hour < input.historyFrom) break;
    if (!input.holidays.has(hour)) values.push(input.countAt(hour));
  }
  if (values.length < MIN_WEEKS) return null;
  // Sorted in place, deviations too: this runs for every hour of every group of a query.
  const m = medianOfSorted(values.sort(ascending));
  for (let i = 0; i < values.length; i++) values[i] = Math.abs(values[i]! - m);
  return { median: m, mad: medianOfSorted(values.sort(ascending)), weeks: values.length };
}

/** Median and MAD of the hour's usable history; null with fewer than MIN_WEEKS usable weeks. */
export function hourStats(hourStart: number, input: HistoryInput): HourStats | null {
  return pastStats(pastHours(hourStart, input.zone), input);
}

/** The band of calls expected over the hours of a window (windowHours); null when one has no expectation. */
export function hoursBand(hours: readonly WindowHour[], input: HistoryInput): Band | null {
  let expected = 0;
  let variance = 0;
  for (const { share, past } of hours) {
    const stats = pastStats(past, input);
    if (!stats) return null;
    expected += share * stats.median;
    variance += Math.max((share * MAD_TO_SIGMA * stats.mad) ** 2, share * stats.median);
  }
  const spread = BAND_SIGMAS * Math.sqrt(variance);
  return { expected, lower: Math.max(0, expected - spread), upper: expected + spread };
}

/** The band of calls expected in [from, to); null when one of its hours has no expectation. */
export function windowBand(from: number, to: number, input: HistoryInput): Band | null {
  return hoursBand(windowHours(from, to, input.zone), input);
}
