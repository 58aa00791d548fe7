import { DateTime } from 'luxon';

const HOUR_MS = 3_600_000;

/**
 * Conversion between UTC instants and Exotel's offset-less `YYYY-MM-DD HH:mm:ss` account-local text.
 * Formatting is on the hot path (four timestamps per call served), so the zone offset is looked up once
 * per UTC hour and cached instead of asking luxon for every timestamp.
 */
export class LocalTime {
  private readonly offsetByHour = new Map<number, number>();

  constructor(readonly timeZone: string) {
    if (!DateTime.now().setZone(timeZone).isValid) throw new Error(`Unknown time zone "${timeZone}"`);
  }

  /** The zone's offset from UTC, in milliseconds, at the given instant. */
  offsetMs(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR_MS);
    let offset = this.offsetByHour.get(hour);
    if (offset === undefined) {
      offset = DateTime.fromMillis(hour * HOUR_MS, { zone: this.timeZone }).offset * 60_000;
      if (this.offsetByHour.size > 100_000) this.offsetByHour.clear();
      this.offsetByHour.set(hour, offset);
    }
    return offset;
  }

  /** UTC instant → `YYYY-MM-DD HH:mm:ss` in the zone (milliseconds are dropped). */
  format(utcMs: number): string {
    const d = new Date(utcMs + this.offsetMs(utcMs));
    return (
      d.getUTCFullYear() +
      '-' +
      pad2(d.getUTCMonth() + 1) +
      '-' +
      pad2(d.getUTCDate()) +
      ' ' +
      pad2(d.getUTCHours()) +
      ':' +
      pad2(d.getUTCMinutes()) +
      ':' +
      pad2(d.getUTCSeconds())
    );
  }

  /** `YYYY-MM-DD HH:mm:ss` in the zone → UTC instant, or null when the text is not such a time. */
  parse(text: string): number | null {
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return null;
    const parsed = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: this.timeZone });
    return parsed.isValid ? parsed.toMillis() : null;
  }

  /** The instant `months` calendar months before `utcMs`, counted in the zone. */
  monthsBefore(utcMs: number, months: number): number {
    return DateTime.fromMillis(utcMs, { zone: this.timeZone }).minus({ months }).toMillis();
  }

  /** Local hour of day (0–23) and day of week (0 = Sunday) at the instant. */
  hourAndWeekday(utcMs: number): { hour: number; weekday: number } {
    const localMs = utcMs + this.offsetMs(utcMs);
    const day = Math.floor(localMs / 86_400_000);
    return { hour: Math.floor((localMs - day * 86_400_000) / HOUR_MS), weekday: (((day + 4) % 7) + 7) % 7 };
  }
}

function pad2(value: number): string {
  return value < 10 ? '0' + value : String(value);
}
