import { normalisePhone } from '../normalise/phone';

/**
 * Tag targets, keys and values. A target is a phone number (an ExoPhone or an agent number), stored in
 * E.164, or a call flow written `flow:<flow_id>` (Passthru's flow_id, the App Bazaar "App ID").
 */
export const RESERVED_KEYS = [
  'exophone',
  'agent',
  'flow',
  'direction',
  'status',
  'reason',
  'time',
  'weekday',
  'hour',
  'period',
];

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const FLOW = /^flow:([A-Za-z0-9_-]{1,64})$/;
const MAX_VALUE = 200;

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseTarget(text: string): Checked<string> {
  const trimmed = text.trim();
  const flow = FLOW.exec(trimmed);
  if (flow) return { ok: true, value: `flow:${flow[1]}` };
  if (trimmed.length > 0 && trimmed.length <= 32 && /^[+\d][\d\s\-().]*$/.test(trimmed)) {
    const { e164 } = normalisePhone(trimmed);
    if (e164) return { ok: true, value: e164 };
  }
  return {
    ok: false,
    error: `target ${JSON.stringify(text.slice(0, 40))} is neither a phone number (+91…, 0…) nor flow:<flow_id>`,
  };
}

export function checkKey(key: string): Checked<string> {
  if (!KEY.test(key)) {
    return {
      ok: false,
      error: `tag key ${JSON.stringify(key.slice(0, 50))} must be lower-case letters, digits and _ (start with a letter, at most 40)`,
    };
  }
  if (RESERVED_KEYS.includes(key))
    return { ok: false, error: `tag key "${key}" is reserved (built-in dimension)` };
  return { ok: true, value: key };
}

export function checkValue(value: string): Checked<string> {
  const trimmed = value.trim();
  if (trimmed.length === 0) return { ok: false, error: 'tag value is empty' };
  if (trimmed.length > MAX_VALUE)
    return { ok: false, error: `tag value is longer than ${MAX_VALUE} characters` };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed))
    return { ok: false, error: 'tag value contains control characters' };
  return { ok: true, value: trimmed };
}

/** An ISO 8601 instant with an offset (or Z), or epoch milliseconds. */
export function parseInstant(text: string | number): Checked<Date> {
  if (typeof text === 'number') {
    return Number.isFinite(text)
      ? { ok: true, value: new Date(text) }
      : { ok: false, error: 'time is not finite' };
  }
  const trimmed = text.trim();
  if (/^\d{1,15}$/.test(trimmed)) return { ok: true, value: new Date(Number(trimmed)) };
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    return {
      ok: false,
      error: `time ${JSON.stringify(trimmed.slice(0, 40))} must be ISO 8601 with an offset (2026-01-31T09:00:00+05:30) or epoch ms`,
    };
  }
  const date = new Date(trimmed);
  return Number.isNaN(date.getTime())
    ? { ok: false, error: `time ${JSON.stringify(trimmed)} is not a valid date` }
    : { ok: true, value: date };
}
