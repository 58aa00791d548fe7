import type { Period } from '../calendars/calendar';
import type { CalendarResolver } from '../calendars/resolver';
import type { BusinessClocks } from './businessClock';

/**
 * Missed-call callbacks, pure (definitions: docs/kpis.md "Callbacks"). A missed inbound call is called
 * back by the first later call that connects with the same customer number — an outbound call with
 * Status completed, or an inbound call from the number that an agent answered — if that call starts
 * within the missed call's window: `windowMinutes` of business time of the call's calendar (per team
 * when configured), counted from the missed call's start.
 */

/** No window reaches further than this after its missed call (a calendar closed for weeks). */
export const WINDOW_CAP_MS = 31 * 86_400_000;

export interface CallbackSettings {
  windowMinutes: number;
  /** Team tag value → window minutes. */
  windowMinutesByTeam: Record<string, number>;
}

export const DEFAULT_CALLBACK_SETTINGS: CallbackSettings = { windowMinutes: 120, windowMinutesByTeam: {} };

export interface MissedCall {
  at: number;
  /**
   * The caller as matched: its keyed pseudonym (missedCalls.ts customerKeys), the same for the number
   * in clear and pseudonymised; null when withheld, which no call can match.
   */
  customer: string | null;
  team: string | null;
  flow: string | null;
  exophone: string | null;
}

/** A call that connected with a customer: outbound completed, or inbound answered. */
export interface Connection {
  customer: string;
  at: number;
}

export interface CallbackOutcome {
  /** Period of the call's calendar at the missed call's start. */
  period: Period;
  windowEndsAt: number;
  /** Start of the callback, when one came within the window. */
  calledBackAt: number | null;
  /** Business seconds from the missed call to its callback. */
  callbackSeconds: number | null;
}

/** Connections per customer, oldest first. */
export function connectionsByCustomer(connections: readonly Connection[]): Map<string, number[]> {
  const byCustomer = new Map<string, number[]>();
  for (const c of connections) {
    const list = byCustomer.get(c.customer);
    if (list) list.push(c.at);
    else byCustomer.set(c.customer, [c.at]);
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a - b);
  return byCustomer;
}

/** The first instant of the sorted list after `at`, or null. */
function firstAfter(sorted: readonly number[], at: number): number | null {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]! > at) high = mid;
    else low = mid + 1;
  }
  return low < sorted.length ? sorted[low]! : null;
}

export function windowMinutesOf(settings: CallbackSettings, team: string | null): number {
  return (team !== null ? settings.windowMinutesByTeam[team] : undefined) ?? settings.windowMinutes;
}

/** A missed call's window, from its calendar and its team's window length. */
export interface CallbackWindow {
  /** Period of the call's calendar at the missed call's start. */
  period: Period;
  windowEndsAt: number;
  /** Business milliseconds from the missed call to `at` (by the call's calendar). */
  businessMsUntil: (at: number) => number;
}

/**
 * Each missed call's window. Computed before any connection is looked up: the latest window end
 * bounds the lookup (usually hours or days after the calls, not the 31-day cap).
 */
export function callbackWindows(
  missed: readonly MissedCall[],
  deps: { resolver: CalendarResolver; clocks: BusinessClocks; settings: CallbackSettings },
): CallbackWindow[] {
  return missed.map((call) => {
    const rules = deps.resolver.rulesFor({
      team: call.team,
      flow: call.flow,
      exophone: call.exophone,
      at: call.at,
    });
    const clock = deps.clocks.for(rules);
    const cap = call.at + WINDOW_CAP_MS;
    const windowMs = windowMinutesOf(deps.settings, call.team) * 60_000;
    return {
      period: clock.periodAt(call.at),
      windowEndsAt: clock.addBusinessMs(call.at, windowMs, cap) ?? cap,
      businessMsUntil: (at) => clock.businessMs(call.at, at),
    };
  });
}

/** The outcome of each missed call, given its window and every connection that may follow it. */
export function matchWindows(
  missed: readonly MissedCall[],
  windows: readonly CallbackWindow[],
  connections: ReadonlyMap<string, readonly number[]>,
): CallbackOutcome[] {
  return missed.map((call, i) => {
    const { period, windowEndsAt, businessMsUntil } = windows[i]!;
    const next = call.customer === null ? null : firstAfter(connections.get(call.customer) ?? [], call.at);
    const calledBackAt = next !== null && next <= windowEndsAt ? next : null;
    return {
      period,
      windowEndsAt,
      calledBackAt,
      callbackSeconds: calledBackAt === null ? null : businessMsUntil(calledBackAt) / 1000,
    };
  });
}
