import { businessHoursFactor } from './business-hours';

/**
 * How call volume varies over the week, in the account's local time: quiet nights, a morning and an
 * afternoon peak, lighter Saturdays and Sundays, and far fewer calls while the contact centre is closed
 * (business-hours.ts). The factors average to 1 over a week, so `callsPerDay` is the mean daily volume.
 */
const HOURLY = [
  0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.2, 0.5, 1.0, 1.7, 2.2, 2.3, 2.0, 1.6, 1.9, 2.1, 2.0, 1.7, 1.3, 0.9,
  0.6, 0.4, 0.2, 0.1,
];
/** Sunday first. */
const DAILY = [0.35, 1.1, 1.0, 1.0, 1.0, 1.0, 0.7];

const shape = (hour: number, weekday: number) =>
  (HOURLY[hour] ?? 0) * (DAILY[weekday] ?? 0) * businessHoursFactor(hour, weekday);

const HOURS_OF_WEEK = Array.from({ length: 7 * 24 }, (_, i) => shape(i % 24, Math.floor(i / 24)));
const WEEKLY_MEAN = HOURS_OF_WEEK.reduce((sum, f) => sum + f, 0) / HOURS_OF_WEEK.length;

/** Multiplier of the mean per-minute rate at the given local hour (0–23) and weekday (0 = Sunday). */
export function volumeFactor(hour: number, weekday: number): number {
  return shape(hour, weekday) / WEEKLY_MEAN;
}

/** The largest factor any minute can have; bounds the per-minute call count. */
export const PEAK_VOLUME_FACTOR = Math.max(...HOURS_OF_WEEK) / WEEKLY_MEAN;
