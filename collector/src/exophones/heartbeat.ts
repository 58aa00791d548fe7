import { normalisePhone } from '../normalise/phone';
import { WebhookInputError } from '../inputError';

export type ConnectivityStatus = 'active' | 'major_outage' | null;

/** What one `data[<sid>]` block says, whichever of the three known shapes it has (exotel-api.md §2). */
export interface HeartbeatExoPhoneDetail {
  /** E.164, from `phone_number` (shape A). */
  phoneNumber: string | null;
  /** From `connectivity.incoming_call.status` (shape B) or `incoming_call.status` (shape C). */
  incoming: ConnectivityStatus;
  outgoing: ConnectivityStatus;
  /** `alternate_exophone` of each direction's block (the number Exotel suggests instead), E.164 when readable. */
  incomingAlternate: string | null;
  outgoingAlternate: string | null;
}

export interface HeartbeatEvent {
  /** `OK`, `WARNING`, `CRITICAL`, `PAYLOAD_TOO_LARGE`, upper-cased; null when absent. */
  statusType: string | null;
  /** The `timestamp` Exotel sent (RFC 3339), null when absent or unreadable. */
  sentAt: Date | null;
  /** ExoPhone SIDs as sent; null or absent arrays are empty. */
  incomingAffected: string[];
  outgoingAffected: string[];
  /** Keyed by the SID as it appears in `data`. */
  details: Map<string, HeartbeatExoPhoneDetail>;
}

const HEARTBEAT_FIELDS = ['timestamp', 'status_type', 'incoming_affected', 'outgoing_affected', 'data'];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function sidList(value: unknown, field: string): string[] {
  if (value == null) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    if (typeof item === 'number') return [String(item)];
    if (typeof item !== 'string')
      throw new WebhookInputError(400, `${field} must be a list of ExoPhone SIDs`);
    const sid = item.trim();
    return sid === '' ? [] : [sid];
  });
}

function connectivity(block: unknown): ConnectivityStatus {
  if (!isObject(block) || typeof block.status !== 'string') return null;
  const status = block.status.trim().toLowerCase();
  return status === 'active' || status === 'major_outage' ? status : null;
}

function alternate(block: unknown): string | null {
  if (!isObject(block)) return null;
  const value = block.alternate_exophone;
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const phone = normalisePhone(value);
  return phone.e164 ?? (phone.raw?.trim() || null);
}

const NO_DETAIL: HeartbeatExoPhoneDetail = {
  phoneNumber: null,
  incoming: null,
  outgoing: null,
  incomingAlternate: null,
  outgoingAlternate: null,
};

function detail(block: unknown): HeartbeatExoPhoneDetail {
  if (!isObject(block)) return NO_DETAIL;
  const nested = isObject(block.connectivity) ? block.connectivity : block;
  const phone =
    typeof block.phone_number === 'string' || typeof block.phone_number === 'number'
      ? block.phone_number
      : null;
  return {
    phoneNumber: normalisePhone(phone).e164,
    incoming: connectivity(nested.incoming_call),
    outgoing: connectivity(nested.outgoing_call),
    incomingAlternate: alternate(nested.incoming_call),
    outgoingAlternate: alternate(nested.outgoing_call),
  };
}

function timestamp(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Reads a Heartbeat body leniently: arrays may be null or absent, `data` may have any of the three
 * shapes or be missing. Throws WebhookInputError only for bodies that are not heartbeats at all.
 */
export function parseHeartbeat(body: unknown): HeartbeatEvent {
  if (!isObject(body) || !HEARTBEAT_FIELDS.some((field) => field in body)) {
    throw new WebhookInputError(
      400,
      `not a heartbeat: expected a JSON object with ${HEARTBEAT_FIELDS.join(', ')}`,
    );
  }
  const details = new Map<string, HeartbeatExoPhoneDetail>();
  if (isObject(body.data)) {
    for (const [sid, block] of Object.entries(body.data)) details.set(sid.trim(), detail(block));
  }
  const statusType = body.status_type;
  return {
    statusType:
      typeof statusType === 'string' && statusType.trim() !== '' ? statusType.trim().toUpperCase() : null,
    sentAt: timestamp(body.timestamp),
    incomingAffected: sidList(body.incoming_affected, 'incoming_affected'),
    outgoingAffected: sidList(body.outgoing_affected, 'outgoing_affected'),
    details,
  };
}
