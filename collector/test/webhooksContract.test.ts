import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { statusCallbackFormFields } from '../src/simulator/webhook-payloads';
import { upsertExoPhones } from '../src/exophones/store';
import {
  agentEventParams,
  STATUS_CALLBACK_TERMINAL,
  STATUS_CALLBACK_TERMINAL_STORED,
} from './fixtures/exotelWebhookExamples';
import { eventually, webhookAppEachTest } from './fixtures/webhookApp';

/**
 * Exotel's own examples through the real HTTP endpoints: every documented field lands in the column
 * docs/schema.md names for it, and every column asserted here is one docs/schema.md documents.
 */

const SCHEMA_DOC = readFileSync(join(__dirname, '..', '..', 'docs', 'schema.md'), 'utf8');

/** The backticked names of the docs/schema.md section whose heading names `table`. */
function documentedNames(table: string): Set<string> {
  const sections = SCHEMA_DOC.split(/\n(?=## )/);
  const section = sections.find((s) => s.startsWith('## ') && s.split('\n')[0]!.includes(`\`${table}\``));
  if (!section) throw new Error(`docs/schema.md has no section for ${table}`);
  return new Set([...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!));
}

/** The row, after checking that each of its columns is documented for the table. */
function documented(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const names = documentedNames(table);
  expect(Object.keys(row).filter((column) => !names.has(column))).toEqual([]);
  return row;
}

// The Passthru sample of 2016 (exotel-api.md §3.2, code-index file #32329109406), verbatim.
const PASSTHRU_2016 = {
  CallSid: 'd50e19c31e3911190a7e601f1056d69a',
  CallFrom: '07799828555',
  CallTo: '8039513882',
  CallStatus: 'ringing',
  Direction: 'outbound-dial',
  ForwardedFrom: '',
  Created: 'Tue, 16 Feb 2016 15:56:26',
  DialCallDuration: '0',
  StartTime: '2016-02-16 15:56:26',
  EndTime: '0000-00-00 00:00:00',
  CallType: 'incomplete',
  DialWhomNumber: '',
  flow_id: '68135',
  tenant_id: '39',
  From: '07799828555',
  To: '08039513882',
  CurrentTime: '2016-02-16 15:56:49',
};

describe('contract: Exotel’s documented webhook examples, end to end', () => {
  const web = webhookAppEachTest();
  const rowsOf = async (sql: string) => (await web.pool.query(sql)).rows as Record<string, unknown>[];

  it('Passthru (the 2016 sample, 0000-00-00 placeholder included)', async () => {
    expect((await fetch(`${web.app.hooks}/passthru?${new URLSearchParams(PASSTHRU_2016)}`)).status).toBe(200);
    await eventually(async () => (await rowsOf('SELECT 1 FROM passthru_events')).length === 1);
    const [row] = await rowsOf(
      `SELECT call_sid, flow_id, tenant_id, call_from, call_from_raw, call_to, call_to_raw, direction, call_type,
              call_status, dial_whom_number, dial_call_duration, created_at, start_time, end_time, exotel_current_time,
              params
       FROM passthru_events`,
    );
    expect(documented('passthru_events', row!)).toEqual({
      call_sid: 'd50e19c31e3911190a7e601f1056d69a',
      flow_id: '68135',
      tenant_id: '39',
      call_from: '+917799828555',
      call_from_raw: '07799828555',
      // CallTo without its trunk 0, as the sample has it, is still the ExoPhone's number.
      call_to: '+918039513882',
      call_to_raw: '8039513882',
      direction: 'outbound-dial',
      call_type: 'incomplete',
      call_status: 'ringing',
      dial_whom_number: null,
      dial_call_duration: 0,
      created_at: new Date('2016-02-16T10:26:26Z'),
      start_time: new Date('2016-02-16T10:26:26Z'),
      end_time: null,
      exotel_current_time: new Date('2016-02-16T10:26:49Z'),
      params: PASSTHRU_2016,
    });
  });

  it('Connect applet agent notification, at its own URL', async () => {
    const params = agentEventParams('c-agent', '09876543210', 'busy', 'Answered', '2024-07-31 16:43:00');
    expect((await fetch(`${web.app.hooks}/agent?${new URLSearchParams(params)}`)).status).toBe(200);
    await eventually(async () => (await rowsOf('SELECT 1 FROM agent_events')).length === 1);
    const [row] = await rowsOf(
      `SELECT call_sid, agent_number, agent_number_raw, status, event_type, call_from, call_from_raw, call_to,
              call_to_raw, direction, created_at, exotel_current_time, params
       FROM agent_events`,
    );
    expect(documented('agent_events', row!)).toEqual({
      call_sid: 'c-agent',
      agent_number: '+919876543210',
      agent_number_raw: '09876543210',
      status: 'busy',
      event_type: 'Answered',
      call_from: '+919901320691',
      call_from_raw: '09901320691',
      call_to: '+918069891522',
      call_to_raw: '08069891522',
      direction: 'outbound-dial',
      created_at: new Date('2024-07-31T11:12:56Z'),
      exotel_current_time: new Date('2024-07-31T11:13:00Z'),
      params,
    });
  });

  it('Heartbeat: the documented parameters with a connectivity block per affected ExoPhone', async () => {
    await upsertExoPhones(web.pool, 'acme', [
      { sid: '01139585476', phone_number: '+911139585476', region: 'DL' },
      { sid: '01139585477', phone_number: '+911139585477', region: 'DL' },
    ]);
    // timestamp, status_type, incoming_affected, outgoing_affected and data:
    // https://developer.exotel.com/api/heart-beat ("Example: 2018-08-22T15:19:23Z"; the SID of its
    // ExoPhone details example); the data block's connectivity fields:
    // https://developer.exotel.com/docs/heartbeat/webhook-format ("Connectivity Fields").
    const body = {
      timestamp: '2018-08-22T15:19:23Z',
      status_type: 'WARNING',
      incoming_affected: ['01139585476'],
      outgoing_affected: [],
      data: {
        '01139585476': {
          connectivity: {
            incoming_call: {
              status: 'major_outage',
              last_check_time: '2018-08-22T15:19:23Z',
              alternate_exophone: '01139585477',
            },
            outgoing_call: {
              status: 'active',
              last_check_time: '2018-08-22T15:19:23Z',
              alternate_exophone: null,
            },
          },
        },
      },
    };
    const response = await fetch(`${web.app.hooks}/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    await eventually(async () => (await rowsOf('SELECT 1 FROM exophone_health_periods')).length === 4);
    const [event] = await rowsOf(
      'SELECT status_type, sent_at, incoming_affected, outgoing_affected, payload FROM heartbeat_events',
    );
    expect(documented('heartbeat_events', event!)).toEqual({
      status_type: 'WARNING',
      sent_at: new Date('2018-08-22T15:19:23Z'),
      incoming_affected: ['01139585476'],
      outgoing_affected: [],
      payload: body,
    });
    const periods = await rowsOf(
      `SELECT exophone_sid, direction, state, phone_number, alternate_exophone, ended_at
       FROM exophone_health_periods ORDER BY exophone_sid, direction`,
    );
    expect(periods.map((p) => documented('exophone_health_periods', p))).toEqual([
      {
        exophone_sid: '01139585476',
        direction: 'incoming',
        state: 'affected',
        phone_number: '+911139585476',
        alternate_exophone: '+911139585477',
        ended_at: null,
      },
      expect.objectContaining({ exophone_sid: '01139585476', direction: 'outgoing', state: 'healthy' }),
      expect.objectContaining({ exophone_sid: '01139585477', direction: 'incoming', state: 'healthy' }),
      expect.objectContaining({ exophone_sid: '01139585477', direction: 'outgoing', state: 'healthy' }),
    ]);
  });

  it('StatusCallback terminal event in Exotel’s default encoding (multipart/form-data)', async () => {
    // Sources in test/fixtures/exotelWebhookExamples.ts. Exotel documents Legs in JSON only, so the
    // documented multipart body is every other field: the row has no legs.
    const form = new FormData();
    for (const [name, value] of statusCallbackFormFields(STATUS_CALLBACK_TERMINAL)) form.append(name, value);
    expect((await fetch(`${web.app.hooks}/status-callback`, { method: 'POST', body: form })).status).toBe(
      200,
    );
    await eventually(async () => (await rowsOf('SELECT 1 FROM status_callback_events')).length === 1);
    const [row] = await rowsOf(
      `SELECT call_sid, status, event_type, date_updated, date_created, start_time, end_time, conversation_duration,
              direction, exophone_raw, from_number, to_number, recording_url, custom_field, legs
       FROM status_callback_events`,
    );
    expect(documented('status_callback_events', row!)).toEqual({
      ...STATUS_CALLBACK_TERMINAL_STORED,
      call_sid: STATUS_CALLBACK_TERMINAL.CallSid,
      legs: null,
    });
  });
});
