import type { ExotelCall } from '../exotel/types';
import type { TimeWindow } from './call-query';
import { toMillis } from './clock';
import { isVisible } from './call-view';
import type { FollowUpKind } from './follow-ups';
import { SLOT_MS } from './traffic';
import type { SimulatedAccount } from './simulated-account';

/**
 * What a perfect collector would hold: every call created in [from, to) (UTC) that has ended by `now`
 * (default: the simulator clock), with its final settled values, in API order (DateCreated, then Sid).
 * Tests compare the database with it; `iterate` and `count` keep millions of calls out of memory.
 */
export interface TruthRange {
  from: Date | number | string;
  to: Date | number | string;
  now?: Date | number | string;
}

/** A call that follows up a missed call (follow-ups.ts): an agent's callback or the customer calling again. */
export interface FollowUpTruth {
  sid: string;
  kind: FollowUpKind;
  missedSid: string;
}

/** A silent ExoPhone outage (silent-outage.ts): no incoming calls in [from, to), heartbeats OK. */
export interface TruthSilentOutage {
  /** E.164. */
  exophone: string;
  team: string;
  from: number;
  to: number;
}

export interface GroundTruth {
  calls(range: TruthRange): ExotelCall[];
  /** The follow-up calls among calls(range), with the missed call each one follows up. */
  followUps(range: TruthRange): FollowUpTruth[];
  iterate(range: TruthRange): Generator<ExotelCall>;
  count(range: TruthRange): number;
  /** The silent outages overlapping [from, to) (none when the account has them switched off). */
  silentOutages(range: Omit<TruthRange, 'now'>): TruthSilentOutage[];
}

export function groundTruth(account: SimulatedAccount, clockNow: () => number): GroundTruth {
  const resolve = (range: TruthRange): { window: TimeWindow; now: number } => {
    const fromMs = toMillis(range.from);
    const toMs = toMillis(range.to);
    // Calls are created on whole seconds, so [from, to) is the inclusive window [from, to - 1 ms].
    return {
      window: { fromMs, toMs: toMs - 1 },
      now: range.now === undefined ? clockNow() : toMillis(range.now),
    };
  };
  function* iterate(range: TruthRange): Generator<ExotelCall> {
    const { window, now } = resolve(range);
    for (const call of account.queries.walk(window, {}, 'asc', null, now))
      yield account.renderer.renderFinal(call);
  }
  const followUps = (range: TruthRange): FollowUpTruth[] => {
    const { window, now } = resolve(range);
    const found: FollowUpTruth[] = [];
    const { traffic } = account;
    for (let slot = Math.floor(window.fromMs / SLOT_MS); slot <= Math.floor(window.toMs / SLOT_MS); slot++) {
      traffic.followUps.apply(slot, traffic.generatedCalls(slot), (call, followUp) => {
        if (call.createdMs >= window.fromMs && call.createdMs <= window.toMs && isVisible(call, now))
          found.push({ sid: call.sid, kind: followUp.kind, missedSid: followUp.missed.sid });
      });
    }
    return found;
  };
  return {
    calls: (range) => [...iterate(range)],
    followUps,
    iterate,
    count: (range) => {
      const { window, now } = resolve(range);
      return account.queries.count(window, {}, now);
    },
    silentOutages: (range) =>
      (account.silentOutages?.between(toMillis(range.from), toMillis(range.to)) ?? []).map((outage) => ({
        exophone: outage.exophone.e164,
        team: account.model.teams[outage.exophone.teamIndex]!.name,
        from: outage.startMs,
        to: outage.endMs,
      })),
  };
}
