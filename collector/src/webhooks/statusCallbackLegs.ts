import { optionalText } from '../normalise/text';

/**
 * One entry of a StatusCallback's `Legs[]` (exotel-api.md §4.1): how long that leg was on the call,
 * its status and who answered. Keys keep Exotel's names so the stored jsonb reads like the docs.
 */
export interface StatusCallbackLeg {
  OnCallDuration: number | null;
  Status: string | null;
  /** `Human`, `Machine`, `NotSure` or `NA` as sent (the docs' example says `HUMAN`). */
  AnsweredBy: string | null;
}

/** More legs than any Exotel call has (a Calls/connect call has two); bounds what a body can make us build. */
const MAX_LEGS = 32;
/** `Legs[0][OnCallDuration]`: a form's nested-array keys, as Exotel's own request forms use them. */
const BRACKET_KEY = /^Legs\[(\d{1,2})\]\[(OnCallDuration|Status|AnsweredBy)\]$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Whole seconds from a number or digit text; anything else is null (the raw value stays in params). */
export function wholeSeconds(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : null;
  const trimmed = optionalText(value);
  return trimmed !== null && /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}

function leg(value: unknown): StatusCallbackLeg | null {
  if (!isObject(value)) return null;
  // The bulk API's Details wrap each leg as {"Leg": {...}}; read that form too.
  const fields = isObject(value.Leg) ? value.Leg : value;
  return {
    OnCallDuration: wholeSeconds(fields.OnCallDuration),
    Status: optionalText(fields.Status),
    AnsweredBy: optionalText(fields.AnsweredBy),
  };
}

function fromList(list: unknown[]): StatusCallbackLeg[] {
  return list.slice(0, MAX_LEGS).flatMap((item) => leg(item) ?? []);
}

function fromBracketKeys(params: Record<string, unknown>): StatusCallbackLeg[] {
  const byIndex = new Map<number, Record<string, unknown>>();
  for (const [name, value] of Object.entries(params)) {
    const match = BRACKET_KEY.exec(name);
    if (!match) continue;
    const index = Number(match[1]);
    if (index >= MAX_LEGS) continue;
    const fields = byIndex.get(index) ?? {};
    fields[match[2]!] = value;
    byIndex.set(index, fields);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).flatMap(([, fields]) => leg(fields) ?? []);
}

/**
 * The legs of a StatusCallback body, whichever way it carried them: a JSON array (the documented
 * `"Legs": [{...}]` of application/json bodies), that array as JSON text in a form field, or form
 * keys `Legs[0][OnCallDuration]`. Exotel documents no multipart example, so the two form encodings
 * are both read. Null when the body has no legs (the default, non-event callback).
 */
export function statusCallbackLegs(params: Record<string, unknown>): StatusCallbackLeg[] | null {
  const legs = params.Legs;
  if (Array.isArray(legs)) return fromList(legs);
  if (typeof legs === 'string' && legs.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(legs);
      if (Array.isArray(parsed)) return fromList(parsed);
    } catch {
      // Unreadable legs stay readable in params.
    }
  }
  const bracketed = fromBracketKeys(params);
  return bracketed.length > 0 ? bracketed : null;
}
