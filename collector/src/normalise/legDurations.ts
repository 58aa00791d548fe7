import { isDeepStrictEqual } from 'node:util';

/**
 * Exotel's `Details.Legs` stored as the legs' OnCallDuration alone (docs/schema.md "Storage"): the
 * documented shape is `[{"Leg":{"Id":1,"OnCallDuration":21}},{"Leg":{"Id":2,"OnCallDuration":8}}]`
 * (developer.exotel.com/docs/voice-v1/api-reference/call-details, "Response (with details=true)"),
 * Ids numbering the legs from 1. Legs of any other shape are not compacted: they stay whole in the
 * payload's rest. Migration 017's SQL function legs(calls) is the same rebuild.
 */

export interface Leg {
  Leg: { Id: number; OnCallDuration: number | null };
}

/** PostgreSQL integer bounds: the durations are stored as integer[]. */
const INT4_MAX = 2_147_483_647;
const isStoredDuration = (d: unknown): d is number | null =>
  d === null || (Number.isInteger(d) && Math.abs(d as number) <= INT4_MAX);

/** The documented legs for these durations, in order. */
export function legsFromDurations(durations: readonly (number | null)[]): Leg[] {
  return durations.map((d, i) => ({ Leg: { Id: i + 1, OnCallDuration: d } }));
}

/** The legs' durations when `legs` has exactly the documented shape (legsFromDurations gives it back), else null. */
export function legDurations(legs: readonly unknown[] | null): (number | null)[] | null {
  if (legs === null) return null;
  const durations = legs.map((leg) => (leg as Partial<Leg> | null)?.Leg?.OnCallDuration);
  if (!durations.every(isStoredDuration)) return null;
  return isDeepStrictEqual(legsFromDurations(durations), legs) ? durations : null;
}

/** The legs as the columns reproduce them: `legs` when it has the documented shape, else null. */
export function compactableLegs(legs: readonly unknown[] | null): Leg[] | null {
  const durations = legDurations(legs);
  return durations === null ? null : legsFromDurations(durations);
}

/** A PostgreSQL integer[] literal of the durations (the text they travel as in a batch). */
export function durationsLiteral(durations: readonly (number | null)[] | null): string | null {
  return durations === null ? null : `{${durations.map((d) => (d === null ? 'NULL' : String(d))).join(',')}}`;
}
