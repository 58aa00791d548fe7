import { Rng, hashString, mix2 } from './hash';

/**
 * The static side of the fake account: ExoPhones, teams, agents and call flows, all derived from the
 * seed. Traffic (traffic.ts) picks from these.
 */

/** Telecom circles the ExoPhones are spread over, with the 2-digit STD code of the circle's main city. */
export const CIRCLES = [
  { region: 'KA', stdCode: '80', city: 'Bengaluru' },
  { region: 'MH', stdCode: '22', city: 'Mumbai' },
  { region: 'DL', stdCode: '11', city: 'Delhi' },
  { region: 'TN', stdCode: '44', city: 'Chennai' },
  { region: 'WB', stdCode: '33', city: 'Kolkata' },
  { region: 'AP', stdCode: '40', city: 'Hyderabad' },
  { region: 'GJ', stdCode: '79', city: 'Ahmedabad' },
] as const;

const TEAM_NAMES = [
  'Sales',
  'Support',
  'Collections',
  'Onboarding',
  'Retention',
  'Escalations',
  'Renewals',
  'Partners',
];

export interface ExoPhone {
  index: number;
  /** Exotel's id for the number; deliberately not the number itself. */
  sid: string;
  /** E.164, `+91…`. */
  e164: string;
  /** National form, `0…`. */
  national: string;
  region: string;
  friendlyName: string;
  teamIndex: number;
  /** The inbound call flow (App Bazaar app id) the number is attached to. */
  inboundFlowId: number;
  /** Relative share of inbound traffic. */
  weight: number;
}

export interface Agent {
  teamIndex: number;
  /** 10-digit national significant number (no prefix). */
  number: string;
}

export interface Team {
  index: number;
  name: string;
  agents: Agent[];
  exophones: ExoPhone[];
  /** The flow used by outbound-api (campaign) calls of this team. */
  campaignFlowId: number;
}

export interface AccountModel {
  seedHash: number;
  exophones: ExoPhone[];
  teams: Team[];
  /** Cumulative inbound weights of `exophones`, for weighted picks. */
  exophoneCumulativeWeights: number[];
}

export interface AccountShape {
  seed: string;
  exophoneCount: number;
  teamCount: number;
  agentsPerTeam: number;
}

export function buildAccountModel(shape: AccountShape): AccountModel {
  const seedHash = hashString(shape.seed);
  const rng = new Rng(mix2(seedHash, 0xacc0));
  const usedNumbers = new Set<string>();
  const usedFlowIds = new Set<number>();

  const uniqueFlowId = (): number => {
    let id = rng.between(100_000, 999_999);
    while (usedFlowIds.has(id)) id = rng.between(100_000, 999_999);
    usedFlowIds.add(id);
    return id;
  };
  const uniqueDigits = (make: () => string): string => {
    let digits = make();
    while (usedNumbers.has(digits)) digits = make();
    usedNumbers.add(digits);
    return digits;
  };

  const teams: Team[] = [];
  for (let t = 0; t < shape.teamCount; t++) {
    const name =
      TEAM_NAMES[t % TEAM_NAMES.length] +
      (t >= TEAM_NAMES.length ? ` ${Math.floor(t / TEAM_NAMES.length) + 1}` : '');
    const agents: Agent[] = [];
    for (let a = 0; a < shape.agentsPerTeam; a++) {
      agents.push({ teamIndex: t, number: uniqueDigits(() => randomMobile(rng)) });
    }
    teams.push({ index: t, name, agents, exophones: [], campaignFlowId: uniqueFlowId() });
  }

  const exophones: ExoPhone[] = [];
  for (let i = 0; i < shape.exophoneCount; i++) {
    const circle = CIRCLES[i % CIRCLES.length]!;
    const teamIndex = i % shape.teamCount;
    const national = uniqueDigits(() => circle.stdCode + rng.pick(['4', '6']) + digits(rng, 7));
    // Exotel ExoPhone sids look like national numbers too; make sure ours never equals a real number.
    const sid = '0' + uniqueDigits(() => circle.stdCode + '4' + digits(rng, 7));
    const exophone: ExoPhone = {
      index: i,
      sid,
      e164: '+91' + national,
      national: '0' + national,
      region: circle.region,
      friendlyName: `${circle.city} ${teams[teamIndex]!.name} ${Math.floor(i / CIRCLES.length) + 1}`,
      teamIndex,
      inboundFlowId: uniqueFlowId(),
      weight: 0.5 + rng.next() * 1.5,
    };
    exophones.push(exophone);
    teams[teamIndex]!.exophones.push(exophone);
  }

  const exophoneCumulativeWeights: number[] = [];
  let total = 0;
  for (const exophone of exophones) exophoneCumulativeWeights.push((total += exophone.weight));
  return { seedHash, exophones, teams, exophoneCumulativeWeights };
}

/** A 10-digit Indian mobile number (starts with 6–9), without prefix. */
export function randomMobile(rng: Rng): string {
  return String(rng.between(6, 9)) + String(rng.int(1e9)).padStart(9, '0');
}

function digits(rng: Rng, count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += String(rng.int(10));
  return text;
}
