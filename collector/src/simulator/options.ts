import type { ClockOptions } from './clock';
import type { FaultSettings } from './faults';
import { MAX_CALLS_PER_SLOT } from './sid-codec';
import { PEAK_VOLUME_FACTOR } from './volume-profile';

/**
 * Everything the simulator can be told, as a plain serialisable object (the `exowatch simulate` CLI
 * maps its flags onto it). Every field is optional; defaults are in DEFAULT_SIMULATOR_OPTIONS.
 */
export interface SimulatorOptions {
  /** Same seed → same account and calls. */
  seed?: string | number;
  accountSid?: string;
  apiKey?: string;
  apiToken?: string;
  /** Account-local time zone of the API's timestamps. */
  timeZone?: string;
  /** Mean calls per day (over a week; weekdays and business hours get more). */
  callsPerDay?: number;
  exophones?: number;
  teams?: number;
  agentsPerTeam?: number;
  /** Seconds from a call's end until Duration, Price and final statuses appear (uniform per call). */
  settleDelaySeconds?: { min: number; max: number };
  /** Share of calls that show an interim Status (in-progress, ringing) until settled. */
  provisionalStatusFraction?: number;
  /**
   * One ExoPhone a week gets no incoming calls for four business hours while its heartbeat stays OK
   * (silent-outage.ts; only with two ExoPhones or more). Default on.
   */
  silentOutages?: boolean;
  /** Accepted API requests per sliding minute; 0 disables the limit. */
  rateLimitPerMinute?: number;
  /**
   * Retry-After (seconds) of a 429 for exceeding the limit; 0 (default) says when the window frees a
   * slot. A fixed small value mimics a server that tells clients to come back soon whatever the window.
   */
  rateLimitRetryAfterSeconds?: number;
  faults?: Partial<FaultSettings>;
  /** Emit page URIs as full URLs (`http://host/v1/…`) instead of host-relative paths. */
  absolutePageUris?: boolean;
  clock?: ClockOptions;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export type ResolvedSimulatorOptions = Required<Omit<SimulatorOptions, 'faults' | 'clock' | 'seed'>> & {
  seed: string;
  faults: Partial<FaultSettings>;
  clock: ClockOptions;
};

export const DEFAULT_SIMULATOR_OPTIONS: ResolvedSimulatorOptions = {
  seed: 'exowatch',
  accountSid: 'exowatchdemo',
  apiKey: 'demo-api-key',
  apiToken: 'demo-api-token',
  timeZone: 'Asia/Kolkata',
  callsPerDay: 2000,
  exophones: 12,
  teams: 4,
  agentsPerTeam: 8,
  settleDelaySeconds: { min: 60, max: 300 },
  provisionalStatusFraction: 0.25,
  silentOutages: true,
  rateLimitPerMinute: 200,
  rateLimitRetryAfterSeconds: 0,
  faults: {},
  absolutePageUris: false,
  clock: {},
  host: '127.0.0.1',
  port: 0,
};

/** The busiest minute must stay well under the per-minute Sid space. */
const MAX_CALLS_PER_DAY = Math.floor(((MAX_CALLS_PER_SLOT * 0.8) / PEAK_VOLUME_FACTOR) * 1440);

export function resolveOptions(options: SimulatorOptions = {}): ResolvedSimulatorOptions {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: ResolvedSimulatorOptions = {
    ...DEFAULT_SIMULATOR_OPTIONS,
    ...defined,
    seed: String(options.seed ?? 'exowatch'),
  };
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_-]+$/.test(resolved.accountSid))
    problems.push('accountSid must be letters, digits, _ or -');
  if (!(resolved.callsPerDay >= 0 && resolved.callsPerDay <= MAX_CALLS_PER_DAY)) {
    problems.push(`callsPerDay must be between 0 and ${MAX_CALLS_PER_DAY}`);
  }
  if (!(Number.isInteger(resolved.exophones) && resolved.exophones >= 1))
    problems.push('exophones must be a positive integer');
  if (!(Number.isInteger(resolved.teams) && resolved.teams >= 1))
    problems.push('teams must be a positive integer');
  if (!(Number.isInteger(resolved.agentsPerTeam) && resolved.agentsPerTeam >= 1)) {
    problems.push('agentsPerTeam must be a positive integer');
  }
  const { min, max } = resolved.settleDelaySeconds;
  if (!(Number.isInteger(min) && Number.isInteger(max) && min >= 0 && max >= min)) {
    problems.push('settleDelaySeconds needs integers 0 <= min <= max');
  }
  if (!(resolved.provisionalStatusFraction >= 0 && resolved.provisionalStatusFraction <= 1)) {
    problems.push('provisionalStatusFraction must be between 0 and 1');
  }
  if (!(resolved.rateLimitPerMinute >= 0)) problems.push('rateLimitPerMinute must be 0 (no limit) or more');
  if (!(Number.isInteger(resolved.rateLimitRetryAfterSeconds) && resolved.rateLimitRetryAfterSeconds >= 0)) {
    problems.push('rateLimitRetryAfterSeconds must be a whole number, 0 (from the window) or more');
  }
  if (problems.length > 0) throw new Error(`Invalid simulator options: ${problems.join('; ')}`);
  return resolved;
}
