import type { ClientBase } from 'pg';
import type { HeartbeatRow, PassthruRow, StatusCallbackRow } from '../webhooks/rows';

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

export async function insertPassthruEvents(
  client: ClientBase,
  rows: readonly PassthruRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const column = <T>(pick: (row: PassthruRow) => T) => rows.map(pick);
  return insertedKeys(
    client,
    `INSERT INTO passthru_events (event_key, account_sid, call_sid, flow_id, tenant_id, call_from, call_from_raw,
       call_to, call_to_raw, direction, call_type, call_status, dial_whom_number, dial_whom_number_raw,
       dial_call_status, dial_call_duration, digits, recording_url, created_at, start_time, end_time,
       exotel_current_time, params, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[],
       $16::integer[], $17::text[], $18::text[], $19::timestamptz[], $20::timestamptz[], $21::timestamptz[],
       $22::timestamptz[], $23::jsonb[], $24::timestamptz[])
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    [
      column((r) => r.eventKey),
      column((r) => r.accountSid),
      column((r) => r.event.callSid),
      column((r) => r.event.flowId),
      column((r) => r.event.tenantId),
      column((r) => r.event.callFrom.e164),
      column((r) => r.event.callFrom.raw),
      column((r) => r.event.callTo.e164),
      column((r) => r.event.callTo.raw),
      column((r) => r.event.direction),
      column((r) => r.event.callType),
      column((r) => r.event.callStatus),
      column((r) => r.event.dialWhomNumber.e164),
      column((r) => r.event.dialWhomNumber.raw),
      column((r) => r.event.dialCallStatus),
      column((r) => r.event.dialCallDuration),
      column((r) => r.event.digits),
      column((r) => r.event.recordingUrl),
      column((r) => iso(r.event.createdAt)),
      column((r) => iso(r.event.startTime)),
      column((r) => iso(r.event.endTime)),
      column((r) => iso(r.event.currentTime)),
      column((r) => JSON.stringify(r.event.params)),
      column((r) => r.receivedAt.toISOString()),
    ],
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

export async function insertStatusCallbackEvents(
  client: ClientBase,
  rows: readonly StatusCallbackRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  return insertedKeys(
    client,
    `INSERT INTO status_callback_events (event_key, account_sid, call_sid, status, event_type, date_updated, params, received_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[], $8::timestamptz[])
     ON CONFLICT (event_key) DO NOTHING
     RETURNING event_key`,
    [
      rows.map((r) => r.eventKey),
      rows.map((r) => r.accountSid),
      rows.map((r) => r.event.callSid),
      rows.map((r) => r.event.status),
      rows.map((r) => r.event.eventType),
      rows.map((r) => iso(r.event.dateUpdated)),
      rows.map((r) => JSON.stringify(r.event.params)),
      rows.map((r) => r.receivedAt.toISOString()),
    ],
  );
}
