import type { ExoPhone } from './account-model';
import type { LocalTime } from './local-time';
import type { SimCall } from './traffic';

/**
 * What Exotel's Passthru applet and Heartbeat webhook send for the simulated account
 * (shared/exotel-api.md §2–3), built from the same calls the Bulk API serves.
 */

const TENANT_ID = '1409';
const RFC822_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC822_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Passthru's `Created`: `Wed, 31 Jul 2024 16:42:56`, local time, no zone. */
function rfc822Local(utcMs: number, localTime: LocalTime): string {
  const local = new Date(utcMs + localTime.offsetMs(utcMs));
  const [, time] = localTime.format(utcMs).split(' ');
  return `${RFC822_DAYS[local.getUTCDay()]}, ${String(local.getUTCDate()).padStart(2, '0')} ${RFC822_MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ${time}`;
}

/** Passthru's CallType for an inbound call that has ended. */
function callType(call: SimCall): string {
  if (!call.agent) return 'call-attempt';
  if (call.leg2Status === 'completed') return 'completed';
  return 'incomplete';
}

/** The query string a Passthru applet at the end of the inbound flow sends when the call ends. */
export function passthruParams(call: SimCall, localTime: LocalTime): Record<string, string> {
  const caller = `0${call.customer}`;
  const exophone = call.exophone.national;
  return {
    CallSid: call.sid,
    CallFrom: caller,
    CallTo: exophone,
    From: caller,
    To: exophone,
    Direction: 'incoming',
    Created: rfc822Local(call.createdMs, localTime),
    StartTime: localTime.format(call.createdMs),
    // Exotel's constant placeholder: epoch 0 shown in IST.
    EndTime: '1970-01-01 05:30:00',
    CurrentTime: localTime.format(call.endMs),
    CallType: callType(call),
    DialWhomNumber: call.agent ? `0${call.agent.number}` : '',
    DialCallStatus: call.leg2Status ?? '',
    DialCallDuration: String(call.agent ? call.conversationSec : 0),
    flow_id: String(call.flowId ?? call.exophone.inboundFlowId),
    tenant_id: TENANT_ID,
    digits: `"${(call.slot % 9) + 1}"`,
  };
}

export interface AffectedExoPhones {
  incoming: readonly ExoPhone[];
  outgoing: readonly ExoPhone[];
}

/**
 * A Heartbeat body: `incoming_affected`/`outgoing_affected` list ExoPhone SIDs, `data` holds one
 * block per affected ExoPhone with its number (shape A of exotel-api.md §2).
 */
export function heartbeatBody(
  affected: AffectedExoPhones,
  totalExoPhones: number,
  atMs: number,
): Record<string, unknown> {
  const all = new Map([...affected.incoming, ...affected.outgoing].map((e) => [e.sid, e]));
  const statusType = all.size === 0 ? 'OK' : all.size === totalExoPhones ? 'CRITICAL' : 'WARNING';
  return {
    timestamp: new Date(Math.floor(atMs / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    status_type: statusType,
    incoming_affected: affected.incoming.map((e) => e.sid),
    outgoing_affected: affected.outgoing.map((e) => e.sid),
    data: Object.fromEntries([...all.values()].map((e) => [e.sid, { phone_number: e.e164 }])),
  };
}
