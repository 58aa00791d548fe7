import { z } from 'zod';
import { Rng, hashString } from './hash';

/**
 * Injected API faults. Each request draws the same four numbers from a stream seeded by `seed`, so a
 * given sequence of requests meets the same faults on every run. Faults change responses only, never
 * the calls (the ground truth).
 */
export const faultSettingsSchema = z
  .object({
    /** Probability of a 429 (with Retry-After) although the request is within the rate limit. */
    tooManyRequests: z.number().min(0).max(1),
    /** Probability of a 500, 502 or 503. */
    serverError: z.number().min(0).max(1),
    /** Probability of holding the response for `timeoutMs`, then dropping the socket or answering. */
    timeout: z.number().min(0).max(1),
    /** Probability of a 200 whose JSON body is cut off half-way. */
    truncatedBody: z.number().min(0).max(1),
    /** Probability that a calls page after the first repeats the previous page's last call first. */
    duplicateAcrossPages: z.number().min(0).max(1),
    timeoutMs: z.number().int().min(0),
    timeoutMode: z.enum(['drop', 'respond', 'mixed']),
    seed: z.union([z.string(), z.number()]),
  })
  .strict();

export type FaultSettings = z.infer<typeof faultSettingsSchema>;

export const DEFAULT_FAULTS: FaultSettings = {
  tooManyRequests: 0,
  serverError: 0,
  timeout: 0,
  truncatedBody: 0,
  duplicateAcrossPages: 0,
  timeoutMs: 30_000,
  timeoutMode: 'drop',
  seed: 1,
};

export type Failure =
  | { kind: 'tooManyRequests' }
  | { kind: 'serverError'; status: 500 | 502 | 503 }
  | { kind: 'timeout'; dropSocket: boolean };

export interface FaultDecision {
  failure: Failure | null;
  truncateBody: boolean;
  duplicateAcrossPages: boolean;
}

const SERVER_ERRORS = [500, 502, 503] as const;

export class FaultInjector {
  private settings: FaultSettings;
  private rng: Rng;

  constructor(initial: Partial<FaultSettings> = {}) {
    this.settings = validated({ ...DEFAULT_FAULTS, ...initial });
    this.rng = new Rng(hashString(String(this.settings.seed)));
  }

  /** Changes some settings; a new `seed` restarts the fault sequence. */
  update(changes: Partial<FaultSettings>): void {
    this.settings = validated({ ...this.settings, ...changes });
    if (changes.seed !== undefined) this.rng = new Rng(hashString(String(this.settings.seed)));
  }

  current(): FaultSettings {
    return { ...this.settings };
  }

  decide(): FaultDecision {
    const { settings, rng } = this;
    const [failureRoll, detailRoll, truncateRoll, duplicateRoll] = [
      rng.next(),
      rng.next(),
      rng.next(),
      rng.next(),
    ];
    let failure: Failure | null = null;
    if (failureRoll < settings.tooManyRequests) failure = { kind: 'tooManyRequests' };
    else if (failureRoll < settings.tooManyRequests + settings.serverError) {
      failure = {
        kind: 'serverError',
        status: SERVER_ERRORS[Math.floor(detailRoll * SERVER_ERRORS.length)]!,
      };
    } else if (failureRoll < settings.tooManyRequests + settings.serverError + settings.timeout) {
      const dropSocket =
        settings.timeoutMode === 'drop' || (settings.timeoutMode === 'mixed' && detailRoll < 0.5);
      failure = { kind: 'timeout', dropSocket };
    }
    return {
      failure,
      truncateBody: truncateRoll < settings.truncatedBody,
      duplicateAcrossPages: duplicateRoll < settings.duplicateAcrossPages,
    };
  }

  timeoutMs(): number {
    return this.settings.timeoutMs;
  }
}

function validated(settings: FaultSettings): FaultSettings {
  const parsed = faultSettingsSchema.parse(settings);
  if (parsed.tooManyRequests + parsed.serverError + parsed.timeout > 1) {
    throw new Error('Fault probabilities tooManyRequests + serverError + timeout must not exceed 1');
  }
  return parsed;
}
