import type { AccountModel, Agent, ExoPhone } from './account-model';
import { randomMobile } from './account-model';
import { FollowUps } from './follow-ups';
import type { Direction, FinalStatus, SimCall } from './sim-call';
import { Rng, mix2, mix3 } from './hash';
import type { LocalTime } from './local-time';
import { MAX_CALLS_PER_SLOT, SidCodec } from './sid-codec';
import { volumeFactor } from './volume-profile';

/**
 * The call generator. Time is cut into one-minute slots; the calls created in a slot are a pure function
 * of (seed, slot), so any window is generated in O(calls in it) without stored state.
 */
export const SLOT_MS = 60_000;
/** No generated call lasts longer than this (bounds how long after its slot a call may still be ongoing). */
export const MAX_CALL_MS = 3_600_000;

export interface TrafficSettings {
  callsPerDay: number;
  settleDelaySeconds: { min: number; max: number };
  /** Share of calls whose Status/Leg2Status shows an interim value (in-progress, ringing) until settled. */
  provisionalStatusFraction: number;
}

const COUNT_SALT = 0xc0de;
const CUSTOMER_SALT = 0xc057;
const SLOT_CACHE_SIZE = 256;

export class TrafficModel {
  private readonly sids: SidCodec;
  private readonly meanPerMinute: number;
  private readonly customerPoolSize: number;
  private readonly slotCache = new Map<number, readonly SimCall[]>();
  readonly followUps: FollowUps;

  constructor(
    private readonly account: AccountModel,
    private readonly localTime: LocalTime,
    private readonly settings: TrafficSettings,
    /** The ExoPhone that gets no incoming calls at an instant (silent-outage.ts), if any. */
    private readonly silentAt: (atMs: number) => ExoPhone | null = () => null,
  ) {
    this.sids = new SidCodec(account.seedHash);
    this.meanPerMinute = settings.callsPerDay / 1440;
    // Sized so that a typical customer calls every few weeks: enough repeat callers to be realistic.
    this.customerPoolSize = Math.max(500, Math.round(settings.callsPerDay * 15));
    this.followUps = new FollowUps(account, (slot) => this.generatedCalls(slot), silentAt);
  }

  /** How many calls are created in the slot (cheap: one hash, no call generated). */
  callCount(slot: number): number {
    const { hour, weekday } = this.localTime.hourAndWeekday(slot * SLOT_MS);
    const rng = new Rng(mix2(this.account.seedHash ^ COUNT_SALT, slot));
    return Math.min(MAX_CALLS_PER_SLOT, rng.poisson(this.meanPerMinute * volumeFactor(hour, weekday)));
  }

  /** The slot's calls in API order (DateCreated, then Sid). */
  slotCalls(slot: number): readonly SimCall[] {
    const cached = this.slotCache.get(slot);
    if (cached) return cached;
    const calls = this.followUps.apply(slot, this.generatedCalls(slot)).sort(compareCalls);
    if (this.slotCache.size >= SLOT_CACHE_SIZE) this.slotCache.delete(this.slotCache.keys().next().value!);
    this.slotCache.set(slot, calls);
    return calls;
  }

  /** The slot's calls as generated (index order), before follow-ups of earlier missed calls apply. */
  generatedCalls(slot: number): SimCall[] {
    return Array.from({ length: this.callCount(slot) }, (_, index) => this.generate(slot, index));
  }

  findCall(sid: string): SimCall | null {
    const locator = this.sids.decode(sid);
    if (!locator || locator.index >= this.callCount(locator.slot)) return null;
    return this.slotCalls(locator.slot).find((call) => call.sid === sid) ?? null;
  }

  private generate(slot: number, index: number): SimCall {
    const { account, settings } = this;
    const rng = new Rng(mix3(account.seedHash, slot, index));
    const createdMs = slot * SLOT_MS + rng.int(60) * 1000;
    const customer = randomMobile(
      new Rng(mix2(account.seedHash ^ CUSTOMER_SALT, rng.int(this.customerPoolSize))),
    );

    const directionRoll = rng.next();
    const direction: Direction =
      directionRoll < 0.62 ? 'inbound' : directionRoll < 0.85 ? 'outbound-api' : 'outbound-dial';
    let exophone: ExoPhone;
    let agent: Agent | null;
    let flowId: number | null;
    let leadSec: number; // time before the second leg starts ringing: IVR, or ringing the agent first
    let ivrOnly = false;
    if (direction === 'inbound') {
      exophone = this.pickInboundExoPhone(rng.next());
      const silent = this.silentAt(createdMs);
      while (exophone === silent) exophone = this.pickInboundExoPhone(rng.next());
      const team = account.teams[exophone.teamIndex]!;
      flowId = exophone.inboundFlowId;
      leadSec = rng.between(4, 40);
      ivrOnly = rng.chance(0.12);
      agent = ivrOnly ? null : rng.pick(team.agents);
    } else {
      const team = rng.pick(account.teams);
      agent = rng.pick(team.agents);
      exophone =
        team.exophones.length > 0
          ? rng.pick(team.exophones)
          : account.exophones[team.index % account.exophones.length]!;
      flowId = direction === 'outbound-api' ? team.campaignFlowId : null;
      leadSec = rng.between(2, 10);
    }

    const status = ivrOnly ? 'completed' : pickOutcome(rng.next(), direction === 'inbound');
    let ringSec = 0;
    let conversationSec = 0;
    if (ivrOnly) ringSec = rng.between(0, 20);
    else if (status === 'completed') {
      ringSec = rng.between(3, 25);
      conversationSec = Math.min(3000, 5 + Math.round(-Math.log(1 - rng.next()) * 170));
    } else if (status === 'no-answer') ringSec = rng.between(25, 45);
    else if (status === 'busy') ringSec = rng.between(1, 4);
    else ringSec = rng.between(0, 2);
    const durationSec = leadSec + ringSec + conversationSec;
    const endMs = createdMs + durationSec * 1000;

    // Inbound calls are billed for the IVR time too; unanswered outbound calls cost nothing.
    const billed = direction === 'inbound' || status === 'completed';
    const priceMilli = billed ? Math.ceil(durationSec / 60) * (direction === 'inbound' ? 500 : 1200) : 0;
    const settleSec = rng.between(settings.settleDelaySeconds.min, settings.settleDelaySeconds.max);

    return {
      sid: this.sids.encode(slot, index),
      slot,
      index,
      createdMs,
      endMs,
      settledMs: endMs + settleSec * 1000,
      direction,
      exophone,
      agent,
      customer,
      flowId,
      status,
      leg1Status: 'completed',
      leg2Status: ivrOnly ? null : status,
      durationSec,
      conversationSec,
      priceMilli,
      showsProvisionalStatus: rng.chance(settings.provisionalStatusFraction),
      customerAsE164: rng.chance(0.2),
      agentAsE164: rng.chance(0.3),
      endTimePendingAsPlaceholder: rng.chance(0.3),
      durationAsString: rng.chance(0.6),
      priceAsString: rng.chance(0.6),
      pendingAsEmptyString: rng.chance(0.3),
    };
  }

  private pickInboundExoPhone(roll: number): ExoPhone {
    const cumulative = this.account.exophoneCumulativeWeights;
    const target = roll * cumulative[cumulative.length - 1]!;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return this.account.exophones[low]!;
  }
}

function pickOutcome(roll: number, inbound: boolean): FinalStatus {
  const [completed, noAnswer, busy] = inbound ? [0.72, 0.89, 0.95] : [0.58, 0.85, 0.95];
  return roll < completed ? 'completed' : roll < noAnswer ? 'no-answer' : roll < busy ? 'busy' : 'failed';
}

/** API order: DateCreated, then Sid. */
export function compareCalls(
  a: { createdMs: number; sid: string },
  b: { createdMs: number; sid: string },
): number {
  if (a.createdMs !== b.createdMs) return a.createdMs - b.createdMs;
  return a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0;
}
