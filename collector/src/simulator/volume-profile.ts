/**
 * How call volume varies over the week, in the account's local time: quiet nights, a morning and an
 * afternoon peak, lighter Saturdays and Sundays. The factors average to 1 over a week, so
 * `callsPerDay` is the mean daily volume.
 */
const HOURLY = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.5, 1.0, 1.7, 2.2, 2.3, 2.0, 1.6, 1.9, 2.1, 2.0, 1.7, 1.3, 0.9,
  0.6, 0.4, 0.2, 0.1,
];
/** Sunday first. */
const DAILY = [0.35, 1.1, 1.0, 1.0, 1.0, 1.0, 0.7];

const WEEKLY_MEAN = (HOURLY.reduce((sum, h) => sum + h, 0) / 24) * (DAILY.reduce((sum, d) => sum + d, 0) / 7);

/** Multiplier of the mean per-minute rate at the given local hour (0–23) and weekday (0 = Sunday). */
export function volumeFactor(hour: number, weekday: number): number {
  return ((HOURLY[hour] ?? 0) * (DAILY[weekday] ?? 0)) / WEEKLY_MEAN;
}

/** The largest factor any minute can have; bounds the per-minute call count. */
export const PEAK_VOLUME_FACTOR = (Math.max(...HOURLY) * Math.max(...DAILY)) / WEEKLY_MEAN;
