import type { ExoPhone } from './account-model';
import type { LocalTime } from './local-time';
import type { SimCall } from './sim-call';

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

/**
 * Passthru's EndTime is a constant placeholder, never the end: epoch 0 shown in IST,
 * `1970-01-01 05:30:00` (the support article's 2024 sample), or `0000-00-00 00:00:00` as in the 2016
 * sample (exotel-api.md §3.2, code-index file #32329109406). A quarter of the calls get the older one.
 */
export function passthruEndTime(call: SimCall): string {
  return call.slot % 4 === 0 ? '0000-00-00 00:00:00' : '1970-01-01 05:30:00';
}

/**
 * The call and its two ends as Passthru and the agent notification both send them: the caller and
 * the ExoPhone, 0-prefixed, under the current names and the older From/To.
 */
function callEnds(call: SimCall): Record<'CallSid' | 'CallFrom' | 'CallTo' | 'From' | 'To', string> {
  const caller = `0${call.customer}`;
  const exophone = call.exophone.national;
  return { CallSid: call.sid, CallFrom: caller, CallTo: exophone, From: caller, To: exophone };
}

/** The query string a Passthru applet at the end of the inbound flow sends when the call ends. */
export function passthruParams(call: SimCall, localTime: LocalTime): Record<string, string> {
  return {
    ...callEnds(call),
    Direction: 'incoming',
    Created: rfc822Local(call.createdMs, localTime),
    StartTime: localTime.format(call.createdMs),
    EndTime: passthruEndTime(call),
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
 * A Heartbeat body (https://developer.exotel.com/api/heart-beat): `incoming_affected` /
 * `outgoing_affected` list ExoPhone SIDs, `data` holds one block per affected ExoPhone in the shape
 * the heartbeat docs give it (exotel-api.md §2 shape B, https://developer.exotel.com/docs/heartbeat/webhook-format):
 * `connectivity.incoming_call` / `outgoing_call` with `status`, `last_check_time` and
 * `alternate_exophone` (null: the simulator suggests none). CRITICAL when every ExoPhone is affected.
 */
export function heartbeatBody(
  affected: AffectedExoPhones,
  totalExoPhones: number,
  atMs: number,
): Record<string, unknown> {
  const all = new Map([...affected.incoming, ...affected.outgoing].map((e) => [e.sid, e]));
  const statusType = all.size === 0 ? 'OK' : all.size === totalExoPhones ? 'CRITICAL' : 'WARNING';
  const timestamp = rfc3339(atMs);
  const block = (down: readonly ExoPhone[], exophone: ExoPhone) => ({
    status: down.includes(exophone) ? 'major_outage' : 'active',
    last_check_time: timestamp,
    alternate_exophone: null,
  });
  return {
    timestamp,
    status_type: statusType,
    incoming_affected: affected.incoming.map((e) => e.sid),
    outgoing_affected: affected.outgoing.map((e) => e.sid),
    data: Object.fromEntries(
      [...all.values()].map((e) => [
        e.sid,
        {
          connectivity: {
            incoming_call: block(affected.incoming, e),
            outgoing_call: block(affected.outgoing, e),
          },
        },
      ]),
    ),
  };
}

/** RFC 3339 in UTC, whole seconds: the heartbeat's `2018-08-22T15:19:23Z`. */
const rfc3339 = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/**
 * The Connect applet's agent notification ("agent passthru",
 * https://support.exotel.com/support/solutions/articles/3000106308-how-to-get-answered-event-in-crm):
 * exactly the parameters that article lists. `Dial` with `busy` when Exotel starts calling the agent,
 * `Terminal` with `free` when that call to the agent ends.
 */
export function agentEventParams(
  call: SimCall,
  event: 'Dial' | 'Terminal',
  atMs: number,
  localTime: LocalTime,
): Record<string, string> {
  return {
    ...callEnds(call),
    Direction: 'outbound-dial',
    Created: rfc822Local(call.createdMs, localTime),
    CurrentTime: localTime.format(atMs),
    DialWhomNumber: call.agent ? `0${call.agent.number}` : '',
    Status: event === 'Dial' ? 'busy' : 'free',
    EventType: event,
  };
}

/**
 * Whether the Calls/connect request of an API call asked for a JSON StatusCallback
 * (`StatusCallbackContentType=application/json`); the rest use Exotel's default, multipart/form-data.
 */
export const asksForJsonStatusCallback = (call: SimCall): boolean => call.index % 4 === 0;

/**
 * The StatusCallback of an API-originated call (Calls/connect: `From` the agent, connected first,
 * then `To` the customer) with the `terminal` event subscribed: the default fields and the event
 * fields of https://developer.exotel.com/api/statuscallback, in the formats of the examples of
 * https://developer.exotel.com/docs/references/webhooks and
 * https://developer.exotel.com/docs/voice-v1/api-reference/status-callback (Legs). `RecordingUrl` only
 * when there is a recording; no `CustomField` (the simulated requests set none).
 */
export function statusCallbackBody(call: SimCall, localTime: LocalTime, accountSid: string) {
  const answered = call.leg2Status === 'completed';
  return {
    CallSid: call.sid,
    EventType: 'terminal',
    DateCreated: localTime.format(call.createdMs),
    DateUpdated: localTime.format(call.endMs),
    To: `0${call.customer}`,
    From: call.agent ? `0${call.agent.number}` : '',
    PhoneNumberSid: call.exophone.national,
    StartTime: localTime.format(call.createdMs),
    EndTime: localTime.format(call.endMs),
    Status: call.status,
    ConversationDuration: call.conversationSec,
    Direction: call.direction,
    ...(call.conversationSec > 0
      ? {
          RecordingUrl: `https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/${accountSid}/${call.sid}.mp3`,
        }
      : {}),
    Legs: [
      { OnCallDuration: call.durationSec, Status: call.leg1Status, AnsweredBy: 'NA' },
      {
        OnCallDuration: call.conversationSec,
        Status: call.leg2Status ?? call.status,
        AnsweredBy: answered ? 'HUMAN' : 'NA',
      },
    ],
  };
}

/**
 * A StatusCallback body as form fields (multipart/form-data, Exotel's default encoding): every field as
 * text except `Legs`. Exotel documents `Legs` only in its JSON example and publishes no form payload
 * that carries it, so the simulator sends none rather than invent an encoding; the collector reads
 * legs from forms all the same if they come (webhooks/statusCallbackLegs.ts).
 */
export function statusCallbackFormFields(body: {
  Legs: readonly Record<string, unknown>[];
  [field: string]: unknown;
}): [string, string][] {
  const { Legs: _undocumentedInForms, ...fields } = body;
  return Object.entries(fields).map(([name, value]): [string, string] => [name, String(value)]);
}
