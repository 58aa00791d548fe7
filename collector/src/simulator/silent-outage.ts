import type { AccountModel, ExoPhone } from './account-model';
import { mix3 } from './hash';
import type { LocalTime } from './local-time';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SALT = 0x5113;
/** Local start hour and length of every silent outage: inside business hours (business-hours.ts). */
export const SILENT_FROM_HOUR = 10;
export const SILENT_HOURS = 4;

export interface SilentOutage {
  exophone: ExoPhone;
  /** [startMs, endMs): no incoming call reaches the ExoPhone. */
  startMs: number;
  endMs: number;
}

/**
 * The deterministic silent ExoPhone outage: in every local week (from Monday) one ExoPhone, picked
 * from the seed and the week, gets no incoming calls on one weekday (Monday to Friday, also picked)
 * from 10:00 to 14:00 local time. Exotel's heartbeat does not notice (the heartbeats' outages are
 * outages.ts): the callers meant for it dial the account's other numbers instead. It is what the
 * collector's expected-traffic alert must catch. Needs at least two ExoPhones.
 */
export class SilentOutages {
  private readonly byWeek = new Map<number, SilentOutage>();

  constructor(
    private readonly model: AccountModel,
    private readonly localTime: LocalTime,
  ) {
    if (model.exophones.length < 2) throw new Error('a silent outage needs at least two ExoPhones');
  }

  /** The ExoPhone silent at the instant, or null. */
  silentAt(atMs: number): ExoPhone | null {
    const outage = this.ofWeek(this.weekOf(atMs));
    return atMs >= outage.startMs && atMs < outage.endMs ? outage.exophone : null;
  }

  /** The outages overlapping [fromMs, toMs), oldest first. */
  between(fromMs: number, toMs: number): SilentOutage[] {
    const outages: SilentOutage[] = [];
    for (let week = this.weekOf(fromMs) - 1; week <= this.weekOf(toMs); week++) {
      const outage = this.ofWeek(week);
      if (outage.startMs < toMs && outage.endMs > fromMs) outages.push(outage);
    }
    return outages;
  }

  /** Local weeks counted from the Monday of 1970-01-05. */
  private weekOf(atMs: number): number {
    const localDay = Math.floor((atMs + this.localTime.offsetMs(atMs)) / DAY_MS);
    return Math.floor((localDay - 4) / 7);
  }

  private ofWeek(week: number): SilentOutage {
    let outage = this.byWeek.get(week);
    if (!outage) {
      const seed = this.model.seedHash ^ SALT;
      const exophones = this.model.exophones;
      const weekday = mix3(seed, week, 1) % 5;
      const localStart = ((week * 7 + 4 + weekday) * 24 + SILENT_FROM_HOUR) * HOUR_MS;
      const startMs = this.utcOf(localStart);
      outage = {
        exophone: exophones[mix3(seed, week, 2) % exophones.length]!,
        startMs,
        endMs: this.utcOf(localStart + SILENT_HOURS * HOUR_MS),
      };
      if (this.byWeek.size > 1000) this.byWeek.clear();
      this.byWeek.set(week, outage);
    }
    return outage;
  }

  /** The instant of a local wall-clock time (given as if it were UTC). */
  private utcOf(localMs: number): number {
    return localMs - this.localTime.offsetMs(localMs - this.localTime.offsetMs(localMs));
  }
}
