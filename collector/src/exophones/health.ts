import { normalisePhone } from '../normalise/phone';
import type { HeartbeatEvent } from './heartbeat';

export type Direction = 'incoming' | 'outgoing';
export type HealthState = 'healthy' | 'affected' | 'unknown';
export const DIRECTIONS: readonly Direction[] = ['incoming', 'outgoing'];

/** An ExoPhone the account is known to have: from the ExoPhone list or an earlier heartbeat. */
export interface KnownExoPhone {
  sid: string;
  phoneNumber: string | null;
}

export interface ExoPhoneState {
  sid: string;
  phoneNumber: string | null;
  direction: Direction;
  state: HealthState;
  /** The number Exotel suggests instead for this direction (`alternate_exophone`), when it sent one. */
  alternateExophone: string | null;
}

/**
 * Maps an entry of incoming/outgoing_affected to an ExoPhone. Entries are SIDs, which Exotel often
 * writes as the number in national form (`0…`) while `data` and the ExoPhone list hold `+91…`: the
 * number comes from data[sid].phone_number, else the list entry with that SID, else the entry itself
 * read as a number; an entry that is only a number is matched to the list entry holding that number.
 */
function resolve(entry: string, heartbeat: HeartbeatEvent, known: readonly KnownExoPhone[]): KnownExoPhone {
  const bySid = known.find((k) => k.sid === entry);
  const phoneNumber =
    heartbeat.details.get(entry)?.phoneNumber ?? bySid?.phoneNumber ?? normalisePhone(entry).e164;
  if (bySid) return { sid: entry, phoneNumber };
  const byNumber = phoneNumber ? known.find((k) => k.phoneNumber === phoneNumber) : undefined;
  return { sid: byNumber?.sid ?? entry, phoneNumber };
}

/**
 * Per-ExoPhone, per-direction state a heartbeat reports: listed (or marked `major_outage` in data)
 * means affected, every other known ExoPhone is healthy. CRITICAL means "all affected" (Exotel's
 * heartbeat reference), whatever the lists hold: every known ExoPhone is affected in each direction
 * the heartbeat names (a non-empty list or an outage in `data`), in both when it names none.
 * PAYLOAD_TOO_LARGE carries no per-ExoPhone information: null.
 */
export function deriveHealth(
  heartbeat: HeartbeatEvent,
  known: readonly KnownExoPhone[],
): ExoPhoneState[] | null {
  if (heartbeat.statusType === 'PAYLOAD_TOO_LARGE') return null;
  const phones = new Map<string, KnownExoPhone>(known.map((k) => [k.sid, k]));
  const affected: Record<Direction, Set<string>> = { incoming: new Set(), outgoing: new Set() };
  const alternates: Record<Direction, Map<string, string>> = { incoming: new Map(), outgoing: new Map() };
  const mark = (entry: string, direction: Direction) => {
    const phone = resolve(entry, heartbeat, known);
    const existing = phones.get(phone.sid);
    phones.set(phone.sid, {
      sid: phone.sid,
      phoneNumber: phone.phoneNumber ?? existing?.phoneNumber ?? null,
    });
    affected[direction].add(phone.sid);
  };
  for (const entry of heartbeat.incomingAffected) mark(entry, 'incoming');
  for (const entry of heartbeat.outgoingAffected) mark(entry, 'outgoing');
  for (const [sid, detail] of heartbeat.details) {
    const resolvedSid = resolve(sid, heartbeat, known).sid;
    if (detail.incomingAlternate) alternates.incoming.set(resolvedSid, detail.incomingAlternate);
    if (detail.outgoingAlternate) alternates.outgoing.set(resolvedSid, detail.outgoingAlternate);
    if (detail.incoming === 'major_outage') mark(sid, 'incoming');
    if (detail.outgoing === 'major_outage') mark(sid, 'outgoing');
    if (!affected.incoming.has(sid) && !affected.outgoing.has(sid)) {
      const phone = resolve(sid, heartbeat, known);
      if (!phones.has(phone.sid)) phones.set(phone.sid, phone);
    }
  }
  const named = DIRECTIONS.filter((direction) => affected[direction].size > 0);
  const allDown = new Set<Direction>(
    heartbeat.statusType !== 'CRITICAL' ? [] : named.length > 0 ? named : DIRECTIONS,
  );
  return [...phones.values()].flatMap((phone) =>
    DIRECTIONS.map((direction) => ({
      sid: phone.sid,
      phoneNumber: phone.phoneNumber,
      direction,
      state:
        allDown.has(direction) || affected[direction].has(phone.sid)
          ? ('affected' as const)
          : ('healthy' as const),
      alternateExophone: alternates[direction].get(phone.sid) ?? null,
    })),
  );
}

/** The current (open) period of one ExoPhone and direction, as stored. */
export interface OpenPeriod {
  sid: string;
  direction: Direction;
  state: HealthState;
  phoneNumber: string | null;
  alternateExophone: string | null;
  startedAt: Date;
  lastSeenAt: Date | null;
}

export interface PeriodRef {
  sid: string;
  direction: Direction;
  startedAt: Date;
}

/** What a heartbeat confirming a period updates: the alternate is the latest heartbeat's, null included. */
interface Confirmation {
  lastSeenAt: Date;
  phoneNumber: string | null;
  alternateExophone: string | null;
}

/** Changes to the period history; applied in the order close, restate, extend, insert. */
export interface HealthPlan {
  close: (PeriodRef & { endedAt: Date })[];
  /** Overwrite an open period's state in place (a provisional `unknown` overtaken by an earlier heartbeat). */
  restate: (PeriodRef & Confirmation & { state: HealthState })[];
  /** The same state confirmed again. */
  extend: (PeriodRef & Confirmation)[];
  /** New periods: open (endedAt null), or the `unknown` gap a returning heartbeat ends at once. */
  insert: (OpenPeriod & { endedAt: Date | null })[];
}

const emptyPlan = (): HealthPlan => ({ close: [], restate: [], extend: [], insert: [] });
const key = (sid: string, direction: Direction) => `${direction}\u0000${sid}`;

/**
 * A heartbeat vouches for one interval after it arrives. When more than two intervals passed since
 * the previous heartbeat, the time from one interval after it until now is unknown: a health state
 * is never stretched over a silence.
 */
export function planHeartbeat(
  open: readonly OpenPeriod[],
  states: readonly ExoPhoneState[],
  at: Date,
  lastHeartbeatAt: Date | null,
  intervalMs: number,
): HealthPlan {
  const plan = emptyPlan();
  const current = new Map(open.map((p) => [key(p.sid, p.direction), p]));
  const silent = lastHeartbeatAt !== null && at.getTime() - lastHeartbeatAt.getTime() > 2 * intervalMs;
  for (const next of states) {
    const period = current.get(key(next.sid, next.direction));
    const phoneNumber = next.phoneNumber ?? period?.phoneNumber ?? null;
    const fresh = {
      sid: next.sid,
      direction: next.direction,
      state: next.state,
      phoneNumber,
      alternateExophone: next.alternateExophone,
      startedAt: at,
      endedAt: null,
      lastSeenAt: at,
    };
    if (!period) {
      plan.insert.push(fresh);
      continue;
    }
    const ref = { sid: period.sid, direction: period.direction, startedAt: period.startedAt };
    if (period.state !== 'unknown' && silent) {
      const unknownFrom = new Date((period.lastSeenAt ?? period.startedAt).getTime() + intervalMs);
      plan.close.push({ ...ref, endedAt: unknownFrom });
      plan.insert.push({
        ...fresh,
        state: 'unknown',
        alternateExophone: null,
        startedAt: unknownFrom,
        endedAt: at,
        lastSeenAt: null,
      });
      plan.insert.push(fresh);
    } else if (period.state === next.state) {
      plan.extend.push({ ...ref, lastSeenAt: at, phoneNumber, alternateExophone: next.alternateExophone });
    } else if (at.getTime() <= period.startedAt.getTime()) {
      plan.restate.push({
        ...ref,
        state: next.state,
        lastSeenAt: at,
        phoneNumber,
        alternateExophone: next.alternateExophone,
      });
    } else {
      plan.close.push({ ...ref, endedAt: at });
      plan.insert.push(fresh);
    }
  }
  return plan;
}

/**
 * After more than two intervals without a heartbeat every state becomes unknown, from one interval
 * after the last heartbeat. Known ExoPhones with no history yet start as unknown now.
 */
export function planSilence(
  open: readonly OpenPeriod[],
  known: readonly KnownExoPhone[],
  now: Date,
  lastHeartbeatAt: Date | null,
  intervalMs: number,
): HealthPlan {
  const plan = emptyPlan();
  const current = new Set(open.map((p) => key(p.sid, p.direction)));
  for (const phone of known) {
    for (const direction of DIRECTIONS) {
      if (current.has(key(phone.sid, direction))) continue;
      plan.insert.push({
        sid: phone.sid,
        direction,
        state: 'unknown',
        phoneNumber: phone.phoneNumber,
        alternateExophone: null,
        startedAt: now,
        endedAt: null,
        lastSeenAt: null,
      });
    }
  }
  if (lastHeartbeatAt !== null && now.getTime() - lastHeartbeatAt.getTime() <= 2 * intervalMs) return plan;
  for (const period of open) {
    if (period.state === 'unknown') continue;
    const unknownFrom = new Date((period.lastSeenAt ?? period.startedAt).getTime() + intervalMs);
    plan.close.push({
      sid: period.sid,
      direction: period.direction,
      startedAt: period.startedAt,
      endedAt: unknownFrom,
    });
    plan.insert.push({
      sid: period.sid,
      direction: period.direction,
      state: 'unknown',
      phoneNumber: period.phoneNumber,
      alternateExophone: null,
      startedAt: unknownFrom,
      endedAt: null,
      lastSeenAt: null,
    });
  }
  return plan;
}

/** The state to report now: a stored state goes stale (unknown) after two intervals of silence. */
export function effectiveState(
  stored: HealthState,
  lastHeartbeatAt: Date | null,
  now: Date,
  intervalMs: number,
): HealthState {
  if (lastHeartbeatAt === null || now.getTime() - lastHeartbeatAt.getTime() > 2 * intervalMs)
    return 'unknown';
  return stored;
}
