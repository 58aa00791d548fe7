import { hash } from 'node:crypto';

export type WebhookRoute = 'passthru' | 'agent' | 'heartbeat' | 'status-callback';

const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** The object's fields as canonical JSON, the names in `leaveOut` left out. */
function canonicalObject(value: object, leaveOut?: ReadonlySet<string>): string {
  let fields = '';
  for (const [name, field] of Object.entries(value).sort(byName)) {
    if (field === undefined || leaveOut?.has(name)) continue;
    fields += `${fields === '' ? '' : ','}${JSON.stringify(name)}:${canonicalJson(field)}`;
  }
  return `{${fields}}`;
}

/** JSON with object keys sorted at every level, so equal payloads give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) return canonicalObject(value);
  return JSON.stringify(value) ?? 'null';
}

/**
 * Passthru's CurrentTime is the time Exotel sends the request, so a retry of the same applet
 * carries a fresh one; everything else in a retry is the same. Leaving it out makes retries collide.
 * The Connect applet's agent notifications carry it the same way.
 */
const VOLATILE_PASSTHRU_PARAMS = new Set(['CurrentTime']);

/**
 * The deterministic key of a webhook event: a hash of the account, the route and the canonical
 * payload. A journal replay or an Exotel retry of the same event gets the same key, and the
 * database keeps the first (ON CONFLICT DO NOTHING). The writer computes one per event, on the
 * event loop that answers webhooks: hence the one-shot hash and no intermediate copies.
 */
export function eventKey(route: WebhookRoute, accountSid: string, payload: unknown): string {
  const identity =
    (route === 'passthru' || route === 'agent') &&
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload)
      ? canonicalObject(payload, VOLATILE_PASSTHRU_PARAMS)
      : canonicalJson(payload);
  return hash('sha256', `${route}\n${accountSid}\n${identity}`, 'base64url');
}
