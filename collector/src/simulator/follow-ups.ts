import type { AccountModel, ExoPhone } from './account-model';
import { Rng, mix3 } from './hash';
import type { SimCall } from './sim-call';

/**
 * Follow-ups of missed calls: agents call most missed customers back, and some customers call again.
 * A missed inbound call (IVR-only, or not answered) plans, from its own hash, whether it gets a
 * callback, a call-again or nothing, and after how many minutes. That many minutes later, a connected
 * call of the same kind already generated in that minute becomes the follow-up: a completed outbound
 * call is redirected to the customer (from the ExoPhone they called, by an agent of its team), an
 * answered inbound call comes from the customer to that ExoPhone. Counts, times, outcomes and Sids
 * stay the traffic model's; only who talks to whom changes. When a minute has fewer such calls than
 * follow-ups due (nights), the rest never happen. A missed call is never changed, so the plans are
 * read from the calls as generated.
 */
export type FollowUpKind = 'callback' | 'call-again';

/** Minutes from the missed call to its follow-up, and how often each delay is planned (relative). */
export const FOLLOW_UP_DELAYS = [
  { minutes: 5, weight: 10 },
  { minutes: 10, weight: 12 },
  { minutes: 15, weight: 12 },
  { minutes: 25, weight: 12 },
  { minutes: 40, weight: 10 },
  { minutes: 60, weight: 9 },
  { minutes: 90, weight: 8 },
  { minutes: 115, weight: 6 },
  { minutes: 180, weight: 6 },
  { minutes: 240, weight: 5 },
  { minutes: 360, weight: 5 },
  { minutes: 600, weight: 5 },
] as const;

/** Share of missed calls planned for a callback, and for a call-again (the rest: nothing). */
export const CALLBACK_SHARE = 0.7;
export const CALL_AGAIN_SHARE = 0.15;

const PLAN_SALT = 0xca11bac;
const PLAN_CACHE_SLOTS = 2048;
const TOTAL_WEIGHT = FOLLOW_UP_DELAYS.reduce((sum, d) => sum + d.weight, 0);

interface Plan {
  missed: SimCall;
  kind: FollowUpKind;
  delay: number;
}

export interface FollowUp {
  kind: FollowUpKind;
  /** The missed call followed up. */
  missed: SimCall;
}

export function isMissed(call: SimCall): boolean {
  return call.direction === 'inbound' && (call.agent === null || call.status !== 'completed');
}

function connects(call: SimCall, kind: FollowUpKind): boolean {
  return kind === 'callback'
    ? call.direction !== 'inbound' && call.status === 'completed'
    : call.direction === 'inbound' && call.agent !== null && call.status === 'completed';
}

export class FollowUps {
  private readonly plans = new Map<number, readonly Plan[]>();

  /** `generated(slot)`: the slot's calls as the traffic model generates them, before follow-ups. */
  constructor(
    private readonly account: AccountModel,
    private readonly generated: (slot: number) => readonly SimCall[],
    /** The ExoPhone that gets no incoming calls at an instant (silent-outage.ts), if any. */
    private readonly silentAt: (atMs: number) => ExoPhone | null = () => null,
  ) {}

  private plansOf(slot: number): readonly Plan[] {
    let plans = this.plans.get(slot);
    if (!plans) {
      plans = this.generated(slot)
        .filter(isMissed)
        .flatMap((missed): Plan[] => {
          const rng = new Rng(mix3(this.account.seedHash ^ PLAN_SALT, missed.slot, missed.index));
          const roll = rng.next();
          if (roll >= CALLBACK_SHARE + CALL_AGAIN_SHARE) return [];
          let pick = rng.next() * TOTAL_WEIGHT;
          const delay = FOLLOW_UP_DELAYS.findIndex((d) => (pick -= d.weight) < 0);
          return [{ missed, kind: roll < CALLBACK_SHARE ? 'callback' : 'call-again', delay }];
        })
        .sort((a, b) => a.missed.index - b.missed.index);
      if (this.plans.size >= PLAN_CACHE_SLOTS) this.plans.delete(this.plans.keys().next().value!);
      this.plans.set(slot, plans);
    }
    return plans;
  }

  /** Follow-ups due in `slot`, per kind, in a fixed order. */
  private due(slot: number, kind: FollowUpKind): Plan[] {
    return FOLLOW_UP_DELAYS.flatMap((d, delay) =>
      this.plansOf(slot - d.minutes).filter((p) => p.kind === kind && p.delay === delay),
    );
  }

  /**
   * The slot's calls (as generated, index order) with the follow-ups due in it applied; `followed`
   * receives each follow-up call and what it follows up.
   */
  apply(
    slot: number,
    calls: readonly SimCall[],
    followed?: (call: SimCall, followUp: FollowUp) => void,
  ): SimCall[] {
    const queues = { callback: this.due(slot, 'callback'), 'call-again': this.due(slot, 'call-again') };
    return calls.map((call) => {
      const kind: FollowUpKind | null = connects(call, 'callback')
        ? 'callback'
        : connects(call, 'call-again')
          ? 'call-again'
          : null;
      const plan = kind ? queues[kind].shift() : undefined;
      if (!plan) return call;
      // A customer calling again while the number they missed is silent reaches another one, as
      // every caller does then (the call being rewritten already went to a number that works).
      const silent =
        plan.kind === 'call-again' && this.silentAt(call.createdMs)?.index === plan.missed.exophone.index;
      const exophone = silent ? call.exophone : plan.missed.exophone;
      const team = this.account.teams[exophone.teamIndex]!;
      const rng = new Rng(mix3(this.account.seedHash ^ PLAN_SALT, call.slot, call.index));
      const followUp: SimCall = {
        ...call,
        customer: plan.missed.customer,
        exophone,
        agent: rng.pick(team.agents),
        flowId:
          plan.kind === 'call-again'
            ? exophone.inboundFlowId
            : call.direction === 'outbound-api'
              ? team.campaignFlowId
              : null,
      };
      followed?.(followUp, { kind: plan.kind, missed: plan.missed });
      return followUp;
    });
  }
}
