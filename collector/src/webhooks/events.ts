import type { ClientBase } from 'pg';
import type { AgentEventRow, HeartbeatRow, PassthruRow, StatusCallbackRow } from './rows';

/**
 * Multi-row inserts of webhook events, one statement per table (arrays through unnest, so a batch of
 * any size is one round trip). ON CONFLICT DO NOTHING on the deterministic event key makes replays
 * and Exotel retries harmless. Each returns the keys actually inserted (new events).
 */

const iso = (date: Date | null) => (date ? date.toISOString() : null);

async function insertedKeys(client: ClientBase, sql: string, values: unknown[]): Promise<Set<string>> {
  const { rows } = await client.query<{ event_key: string }>(sql, values);
  return new Set(rows.map((row) => row.event_key));
}

/** The passthru_events columns, in the order of the row objects passthruRecord() builds. */
const PASSTHRU_COLUMNS = `event_key text, account_sid text, call_sid text, flow_id text, tenant_id text,
  call_from text, call_from_raw text, call_to text, call_to_raw text, direction text, call_type text,
  call_status text, dial_whom_number text, dial_whom_number_raw text, dial_call_status text,
  dial_call_duration integer, digits text, recording_url text, created_at timestamptz, start_time timestamptz,
  end_time timestamptz, exotel_current_time timestamptz, params jsonb, received_at timestamptz`;

const passthruRecord = (r: PassthruRow) => ({
  event_key: r.eventKey,
  account_sid: r.accountSid,
  call_sid: r.event.callSid,
  flow_id: r.event.flowId,
  tenant_id: r.event.tenantId,
  call_from: r.event.callFrom.e164,
  call_from_raw: r.event.callFrom.raw,
  call_to: r.event.callTo.e164,
  call_to_raw: r.event.callTo.raw,
  direction: r.event.direction,
  call_type: r.event.callType,
  call_status: r.event.callStatus,
  dial_whom_number: r.event.dialWhomNumber.e164,
  dial_whom_number_raw: r.event.dialWhomNumber.raw,
  dial_call_status: r.event.dialCallStatus,
  dial_call_duration: r.event.dialCallDuration,
  digits: r.event.digits,
  recording_url: r.event.recordingUrl,
  created_at: iso(r.event.createdAt),
  start_time: iso(r.event.startTime),
  end_time: iso(r.event.endTime),
  exotel_current_time: iso(r.event.currentTime),
  params: r.event.params,
  received_at: r.receivedAt.toISOString(),
});

/**
 * The batch travels as one JSON document (jsonb_to_recordset): serialising it is one JSON.stringify,
 * where 24 text arrays cost the driver an escape pass over every element (the writer shares the
 * webhook server's event loop, so this is CPU taken from answering webhooks).
 */
export async function insertPassthruEvents(
  client: ClientBase,
  rows: readonly PassthruRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  return insertedKeys(
    client,
    `INSERT INTO passthru_events (event_key, account_sid, call_sid, flow_id, tenant_id, call_from, call_from_raw,
       call_to, call_to_raw, direction, call_type, call_status, dial_whom_number, dial_whom_number_raw,
       dial_call_status, dial_call_duration, digits, recording_url, created_at, start_time, end_time,
       exotel_current_time, params, received_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${PASSTHRU_COLUMNS})
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    [JSON.stringify(rows.map(passthruRecord))],
  );
}

/** The agent_events columns, in the order of the row objects agentEventRecord() builds. */
const AGENT_EVENT_COLUMNS = `event_key text, account_sid text, call_sid text, agent_number text,
  agent_number_raw text, status text, event_type text, call_from text, call_from_raw text, call_to text,
  call_to_raw text, direction text, created_at timestamptz, exotel_current_time timestamptz, params jsonb,
  received_at timestamptz`;

const agentEventRecord = (r: AgentEventRow) => ({
  event_key: r.eventKey,
  account_sid: r.accountSid,
  call_sid: r.event.callSid,
  agent_number: r.event.agent.e164,
  agent_number_raw: r.event.agent.raw,
  status: r.event.status,
  event_type: r.event.eventType,
  call_from: r.event.callFrom.e164,
  call_from_raw: r.event.callFrom.raw,
  call_to: r.event.callTo.e164,
  call_to_raw: r.event.callTo.raw,
  direction: r.event.direction,
  created_at: iso(r.event.createdAt),
  exotel_current_time: iso(r.event.currentTime),
  params: r.event.params,
  received_at: r.receivedAt.toISOString(),
});

export async function insertAgentEvents(
  client: ClientBase,
  rows: readonly AgentEventRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  return insertedKeys(
    client,
    `INSERT INTO agent_events (event_key, account_sid, call_sid, agent_number, agent_number_raw, status, event_type,
       call_from, call_from_raw, call_to, call_to_raw, direction, created_at, exotel_current_time, params, received_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${AGENT_EVENT_COLUMNS})
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    [JSON.stringify(rows.map(agentEventRecord))],
  );
}

export async function insertHeartbeatEvents(
  client: ClientBase,
  rows: readonly HeartbeatRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  return insertedKeys(
    client,
    `INSERT INTO heartbeat_events (event_key, account_sid, status_type, sent_at, incoming_affected, outgoing_affected, payload, received_at)
     SELECT u.event_key, u.account_sid, u.status_type, u.sent_at,
            ARRAY(SELECT jsonb_array_elements_text(u.incoming)), ARRAY(SELECT jsonb_array_elements_text(u.outgoing)),
            u.payload, u.received_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])
       AS u(event_key, account_sid, status_type, sent_at, incoming, outgoing, payload, received_at)
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    [
      rows.map((r) => r.eventKey),
      rows.map((r) => r.accountSid),
      rows.map((r) => r.event.statusType),
      rows.map((r) => iso(r.event.sentAt)),
      rows.map((r) => JSON.stringify(r.event.incomingAffected)),
      rows.map((r) => JSON.stringify(r.event.outgoingAffected)),
      rows.map((r) => JSON.stringify(r.payload)),
      rows.map((r) => r.receivedAt.toISOString()),
    ],
  );
}

/** The status_callback_events columns, in the order of the row objects statusCallbackRecord() builds. */
const STATUS_CALLBACK_COLUMNS = `event_key text, account_sid text, call_sid text, status text, event_type text,
  date_updated timestamptz, date_created timestamptz, start_time timestamptz, end_time timestamptz,
  conversation_duration integer, direction text, exophone text, exophone_raw text, from_number text,
  from_number_raw text, to_number text, to_number_raw text, recording_url text, custom_field text, legs jsonb,
  params jsonb, received_at timestamptz`;

const statusCallbackRecord = (r: StatusCallbackRow) => ({
  event_key: r.eventKey,
  account_sid: r.accountSid,
  call_sid: r.event.callSid,
  status: r.event.status,
  event_type: r.event.eventType,
  date_updated: iso(r.event.dateUpdated),
  date_created: iso(r.event.dateCreated),
  start_time: iso(r.event.startTime),
  end_time: iso(r.event.endTime),
  conversation_duration: r.event.conversationDuration,
  direction: r.event.direction,
  exophone: r.event.exophone.e164,
  exophone_raw: r.event.exophone.raw,
  from_number: r.event.from.e164,
  from_number_raw: r.event.from.raw,
  to_number: r.event.to.e164,
  to_number_raw: r.event.to.raw,
  recording_url: r.event.recordingUrl,
  custom_field: r.event.customField,
  legs: r.event.legs,
  params: r.event.params,
  received_at: r.receivedAt.toISOString(),
});

export async function insertStatusCallbackEvents(
  client: ClientBase,
  rows: readonly StatusCallbackRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  return insertedKeys(
    client,
    `INSERT INTO status_callback_events (event_key, account_sid, call_sid, status, event_type, date_updated,
       date_created, start_time, end_time, conversation_duration, direction, exophone, exophone_raw, from_number,
       from_number_raw, to_number, to_number_raw, recording_url, custom_field, legs, params, received_at)
     SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${STATUS_CALLBACK_COLUMNS})
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    [JSON.stringify(rows.map(statusCallbackRecord))],
  );
}
