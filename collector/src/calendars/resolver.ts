import type { CalendarInfo, CalendarRules } from '@exowatch/contract';
import type { Queryable } from '../store/db';
import { listCalendars } from './store';
import { inForceAt, msOrOpen, type Span, type VersionSpan } from './versions';

/**
 * Which calendar's rules apply to a call: the calendar assigned to its team tag value (`team:<value>`),
 * else to its flow (`flow:<id>`), else to its ExoPhone, else the `default` calendar; each assignment
 * and each calendar version as of `at` (the call's start). null: no calendar, every instant is
 * business hours. The SQL side (rollups/facts.ts) applies the same precedence to the same tables.
 */
export interface CalendarResolver {
  rulesFor(key: {
    team: string | null;
    flow: string | null;
    exophone: string | null;
    at: number;
  }): CalendarRules | null;
  /**
   * Scopes of equal keys get the same rules at every instant (each team without a calendar of its
   * own, say), so a caller may answer them once. Without it, every scope is answered on its own.
   */
  scopeKey?(scope: { team: string | null; flow: string | null; exophone: string | null }): string;
}

/** Assignment targets of a call, highest precedence first (`flow` is the flow id, with or without `flow:`). */
export function assignmentTargets(key: {
  team: string | null;
  flow: string | null;
  exophone: string | null;
}): string[] {
  return [
    ...(key.team !== null ? [`team:${key.team}`] : []),
    ...(key.flow !== null ? [key.flow.startsWith('flow:') ? key.flow : `flow:${key.flow}`] : []),
    ...(key.exophone !== null ? [key.exophone] : []),
    'default',
  ];
}

/** A resolver over calendars as GET /api/v1/calendars lists them. */
export function calendarResolver(calendars: readonly CalendarInfo[]): CalendarResolver {
  const span = (s: { validFrom: string | null; validTo: string | null }): Span => ({
    validFrom: msOrOpen(s.validFrom, -Infinity),
    validTo: msOrOpen(s.validTo, Infinity),
  });
  const versions = new Map<string, VersionSpan[]>();
  const byTarget = new Map<string, (Span & { calendar: string })[]>();
  for (const calendar of calendars) {
    versions.set(
      calendar.id,
      calendar.versions.map((v) => ({
        ...span(v),
        rules: { timeZone: v.timeZone, week: v.week, holidays: v.holidays },
      })),
    );
    for (const a of calendar.assignments) {
      const rows = byTarget.get(a.target) ?? [];
      rows.push({ ...span(a), calendar: calendar.id });
      byTarget.set(a.target, rows);
    }
  }
  // The assignments of the last scope asked about: callers ask about one scope at many instants in a
  // row (expected traffic: every hour of 8 weeks per team), and building its targets each time cost more
  // than the lookups.
  let lastScope = {
    team: null as string | null,
    flow: null as string | null,
    exophone: null as string | null,
  };
  const assignmentsFor = (scope: typeof lastScope) =>
    assignmentTargets(scope).map((target) => byTarget.get(target) ?? []);
  let lastAssignments = assignmentsFor(lastScope);
  const assignmentsOf = (key: { team: string | null; flow: string | null; exophone: string | null }) => {
    if (key.team !== lastScope.team || key.flow !== lastScope.flow || key.exophone !== lastScope.exophone) {
      lastScope = { team: key.team, flow: key.flow, exophone: key.exophone };
      lastAssignments = assignmentsFor(lastScope);
    }
    return lastAssignments;
  };
  return {
    rulesFor(key) {
      for (const assignments of assignmentsOf(key)) {
        const assigned = inForceAt(assignments, key.at);
        if (assigned) return inForceAt(versions.get(assigned.calendar) ?? [], key.at)?.rules ?? null;
      }
      return null;
    },
    // A target never assigned a calendar is passed over at every instant: the others decide alone.
    scopeKey: (scope) => JSON.stringify(assignmentTargets(scope).filter((target) => byTarget.has(target))),
  };
}

/** Loads every calendar; reload to see later writes. */
export async function loadCalendarResolver(db: Queryable): Promise<CalendarResolver> {
  return calendarResolver(await listCalendars(db));
}
