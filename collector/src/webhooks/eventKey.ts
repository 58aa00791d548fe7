import { createHash } from 'node:crypto';

export type WebhookRoute = 'passthru' | 'heartbeat' | 'status-callback';

/** JSON with object keys sorted at every level, so equal payloads give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Passthru's CurrentTime is the time Exotel sends the request, so a retry of the same applet
 * carries a fresh one; everything else in a retry is the same. Leaving it out makes retries collide.
 */
const VOLATILE_PASSTHRU_PARAMS = new Set(['CurrentTime']);

/**
 * The deterministic key of a webhook event: a hash of the account, the route and the canonical
 * payload. A journal replay or an Exotel retry of the same event gets the same key, and the
 * database keeps the first (ON CONFLICT DO NOTHING).
 */
export function eventKey(route: WebhookRoute, accountSid: string, payload: unknown): string {
  let identity = payload;
  if (route === 'passthru' && typeof payload === 'object' && payload !== null) {
    identity = Object.fromEntries(
      Object.entries(payload).filter(([name]) => !VOLATILE_PASSTHRU_PARAMS.has(name)),
    );
  }
  return createHash('sha256')
    .update(`${route}\n${accountSid}\n${canonicalJson(identity)}`)
    .digest('base64url');
}
