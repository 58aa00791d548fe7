import type { CalendarRules } from '@exowatch/contract';
import { calendarIntervals, type Interval } from './calendar';

/** Something effective-dated: in force over [validFrom, validTo) in epoch ms (±Infinity when open). */
export interface Span {
  validFrom: number;
  validTo: number;
}

export interface VersionSpan extends Span {
  rules: CalendarRules;
}

/** The row in force at `at`, if any (rows of one timeline never overlap). */
export function inForceAt<T extends Span>(rows: readonly T[], at: number): T | undefined {
  return rows.find((r) => r.validFrom <= at && at < r.validTo);
}

/**
 * A calendar's periods over [from, to): each version's intervals within its own validity. Time no
 * version covers has no interval (no rules there: business hours). This is what calendar_periods holds.
 */
export function versionIntervals(versions: readonly VersionSpan[], from: number, to: number): Interval[] {
  return versions.flatMap((v) =>
    calendarIntervals(v.rules, Math.max(v.validFrom, from), Math.min(v.validTo, to)),
  );
}

/** ISO text of an instant, null for an open end (the contract's validFrom/validTo). */
export function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/** Epoch ms of a contract instant, the open end for null. */
export function msOrOpen(iso: string | null, open: number): number {
  return iso === null ? open : Date.parse(iso);
}
