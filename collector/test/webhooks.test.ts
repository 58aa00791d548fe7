import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { normaliseCall } from '../src/normalise';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { upsertExoPhones } from '../src/exophones/store';
import { formFieldsWithBracketLegs } from './fixtures/formLegs';
import {
  heartbeatIncomingOutage,
  REAL_PHONE_NUMBER_SID,
  STATUS_CALLBACK_DEFAULT,
  STATUS_CALLBACK_TERMINAL,
  STATUS_CALLBACK_TERMINAL_STORED,
} from './fixtures/exotelWebhookExamples';
import {
  ACCOUNT,
  eventually,
  passthruQuery,
  startWebhookApp,
  webhookAppEachTest,
} from './fixtures/webhookApp';

const REAL_QUERY =
  'CallSid=e12eb6e6fcd920019d7174b60099187v&CallFrom=09901320691&CallTo=08069891522&Direction=incoming' +
  '&Created=Wed%2C+31+Jul+2024+16%3A42%3A56&DialCallDuration=0&StartTime=2024-07-31+16%3A42%3A56' +
  '&EndTime=1970-01-01+05%3A30%3A00&CallType=call-attempt&DialWhomNumber=&flow_id=11754&tenant_id=1409' +
  '&From=09901320691&To=08069891522&CurrentTime=2024-07-31+16%3A43%3A02&digits=%22215250%22';

const MIN = 60_000;

describe('webhooks on real PostgreSQL', () => {
  let clock: number;
  beforeEach(() => {
    clock = Date.now();
  });
  const web = webhookAppEachTest({ now: () => new Date(clock) });
  const count = async (table: string) =>
    Number((await web.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  const postJson = (route: string, body: unknown) =>
    fetch(`${web.app.hooks}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('stores a real Passthru GET with every parameter, joinable to the call before and after the sync has it', async () => {
    const response = await fetch(`${web.app.hooks}/passthru?${REAL_QUERY}`);
    expect(response.status).toBe(200);
    await eventually(async () => (await count('passthru_events')) === 1);
    const { rows } = await web.pool.query('SELECT * FROM passthru_events');
    expect(rows[0]).toMatchObject({
      account_sid: 'acme',
      call_sid: 'e12eb6e6fcd920019d7174b60099187v',
      flow_id: '11754',
      tenant_id: '1409',
      call_from: '+919901320691',
      call_from_raw: '09901320691',
      call_to: '+918069891522',
      direction: 'incoming',
      call_type: 'call-attempt',
      dial_whom_number: null,
      dial_call_duration: 0,
      digits: '215250',
      end_time: null,
    });
    expect(rows[0].start_time.toISOString()).toBe('2024-07-31T11:12:56.000Z');
    expect(rows[0].exotel_current_time.toISOString()).toBe('2024-07-31T11:13:02.000Z');
    expect(rows[0].params.digits).toBe('"215250"');

    // The agent leg arrives as a form POST; the view now knows the flow and the agent number.
    const form = passthruQuery('e12eb6e6fcd920019d7174b60099187v', {
      CallType: 'completed',
      DialWhomNumber: '09876543210',
      DialCallStatus: 'completed',
      DialCallDuration: '42',
      CurrentTime: '2024-07-31 16:45:00',
    });
    const posted = await fetch(`${web.app.hooks}/passthru`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(posted.status).toBe(200);
    await eventually(async () => (await count('passthru_events')) === 2);
    const view = await web.pool.query('SELECT * FROM call_passthru');
    expect(view.rows).toEqual([
      expect.objectContaining({
        call_sid: 'e12eb6e6fcd920019d7174b60099187v',
        flow_id: '11754',
        agent_number: '+919876543210',
        agent_number_raw: '09876543210',
        last_call_type: 'completed',
        last_dial_call_status: 'completed',
        dial_call_duration: 42,
      }),
    ]);
    await upsertCalls(web.pool, [
      normaliseCall({
        Sid: 'e12eb6e6fcd920019d7174b60099187v',
        DateCreated: '2024-07-31 16:42:56',
        AccountSid: 'acme',
        Status: 'completed',
        Direction: 'inbound',
      }),
    ]);
    const joined = await web.pool.query(
      'SELECT c.status, p.flow_id, p.agent_number FROM calls c JOIN call_passthru p ON p.call_sid = c.sid',
    );
    expect(joined.rows).toEqual([{ status: 'completed', flow_id: '11754', agent_number: '+919876543210' }]);
  });

  it('stores an Exotel retry (same request, fresh CurrentTime) and a journal replay only once', async () => {
    const statuses = await Promise.all(
      ['16:43:02', '16:43:17', '16:43:32'].map(
        async (time) =>
          (
            await fetch(
              `${web.app.hooks}/passthru?${passthruQuery('retry1', { CurrentTime: `2024-07-31 ${time}` })}`,
            )
          ).status,
      ),
    );
    expect(statuses).toEqual([200, 200, 200]);
    const heartbeat = {
      timestamp: '2024-07-31T11:00:00Z',
      status_type: 'OK',
      incoming_affected: [],
      outgoing_affected: [],
    };
    expect((await postJson('heartbeat', heartbeat)).status).toBe(200);
    expect((await postJson('heartbeat', heartbeat)).status).toBe(200);
    await eventually(async () => web.app.service.depth().events === 0);
    expect(await count('passthru_events')).toBe(1);
    expect(await count('heartbeat_events')).toBe(1);
    expect(
      (await web.app.metrics.webhookEventsDuplicate.get()).values
        .map((v) => v.value)
        .reduce((a, b) => a + b, 0),
    ).toBe(3);
  });

  it('turns heartbeats of all three data shapes into per-ExoPhone, per-direction health with regions', async () => {
    await upsertExoPhones(web.pool, 'acme', [
      { sid: 'exo-a', phone_number: '+918069891522', friendly_name: 'Support', region: 'KA' },
      { sid: 'exo-b', phone_number: '+918069891523', friendly_name: 'Sales', region: 'dl' },
      { sid: 'exo-c', phone_number: '+918069891524', friendly_name: null, region: null },
    ]);
    const regions = await web.pool.query('SELECT sid, region, region_name FROM exophones ORDER BY sid');
    expect(regions.rows).toEqual([
      { sid: 'exo-a', region: 'KA', region_name: 'Karnataka' },
      { sid: 'exo-b', region: 'DL', region_name: 'Delhi' },
      { sid: 'exo-c', region: null, region_name: null },
    ]);
    const response = await postJson('heartbeat', {
      timestamp: '2024-07-31T11:00:00Z',
      status_type: 'WARNING',
      // A national-form entry for exo-a, shape A for an ExoPhone missing from the list, shapes B and C.
      incoming_affected: ['08069891522', 'exo-new'],
      outgoing_affected: null,
      data: {
        'exo-new': { phone_number: '08012345678' },
        'exo-b': {
          connectivity: { incoming_call: { status: 'active' }, outgoing_call: { status: 'major_outage' } },
        },
        'exo-c': { incoming_call: { status: 'major_outage', last_check_time: '2024-07-31T10:59:00Z' } },
      },
    });
    expect(response.status).toBe(200);
    await eventually(
      async () => (await count('exophone_health_periods WHERE last_seen_at IS NOT NULL')) === 8,
    );
    const { rows } = await web.pool.query(
      'SELECT exophone_sid, direction, state, phone_number FROM exophone_health_periods WHERE ended_at IS NULL ORDER BY 1, 2',
    );
    expect(rows.map((r) => `${r.exophone_sid} ${r.direction} ${r.state} ${r.phone_number}`)).toEqual([
      'exo-a incoming affected +918069891522',
      'exo-a outgoing healthy +918069891522',
      'exo-b incoming healthy +918069891523',
      'exo-b outgoing affected +918069891523',
      'exo-c incoming affected +918069891524',
      'exo-c outgoing healthy +918069891524',
      'exo-new incoming affected +918012345678',
      'exo-new outgoing healthy +918012345678',
    ]);
    await web.app.health.refresh();
    const readings = web.app.health.readings().exophones;
    expect(readings).toContainEqual({
      exophone: '+918069891522',
      direction: 'incoming',
      region: 'KA',
      state: 'affected',
    });
    expect(readings).toContainEqual({
      exophone: '+918012345678',
      direction: 'outgoing',
      region: '',
      state: 'healthy',
    });
  });

  it('marks every known ExoPhone affected on a CRITICAL heartbeat in the direction it names, alternate kept', async () => {
    await upsertExoPhones(web.pool, 'acme', [
      { sid: 'exo-a', phone_number: '+918069891522', region: 'KA' },
      { sid: 'exo-b', phone_number: '+918069891523', region: 'DL' },
    ]);
    // "CRITICAL: all affected" (https://developer.exotel.com/api/heart-beat); shape B with
    // alternate_exophone as the Go client models the docs (exotel-api.md §2, C-#67107365837).
    const response = await postJson('heartbeat', {
      timestamp: '2018-08-22T15:19:23Z',
      status_type: 'CRITICAL',
      incoming_affected: ['exo-a'],
      outgoing_affected: [],
      data: heartbeatIncomingOutage('exo-a'),
    });
    expect(response.status).toBe(200);
    await eventually(async () => (await count('exophone_health_periods')) === 4);
    const { rows } = await web.pool.query(
      `SELECT exophone_sid, direction, state, alternate_exophone FROM exophone_health_periods
       ORDER BY exophone_sid, direction`,
    );
    expect(rows).toEqual([
      {
        exophone_sid: 'exo-a',
        direction: 'incoming',
        state: 'affected',
        alternate_exophone: '+918069891599',
      },
      { exophone_sid: 'exo-a', direction: 'outgoing', state: 'healthy', alternate_exophone: null },
      { exophone_sid: 'exo-b', direction: 'incoming', state: 'affected', alternate_exophone: null },
      { exophone_sid: 'exo-b', direction: 'outgoing', state: 'healthy', alternate_exophone: null },
    ]);
  });

  it('reports unknown after two intervals of silence and keeps the transitions for uptime', async () => {
    await upsertExoPhones(web.pool, 'acme', [{ sid: 'exo-a', phone_number: '+918069891522', region: 'KA' }]);
    expect(
      (await postJson('heartbeat', { status_type: 'OK', incoming_affected: null, outgoing_affected: null }))
        .status,
    ).toBe(200);
    await eventually(
      async () => (await count("exophone_health_periods WHERE state = 'healthy' AND ended_at IS NULL")) === 2,
    );
    clock = (
      await web.pool.query('SELECT last_heartbeat_at FROM heartbeat_state')
    ).rows[0].last_heartbeat_at.getTime();
    await web.app.health.tick();
    expect(web.app.health.readings().exophones.map((r) => r.state)).toEqual(['healthy', 'healthy']);

    clock += 10 * MIN; // exactly two intervals: still healthy
    await web.app.health.tick();
    expect(web.app.health.readings().exophones.map((r) => r.state)).toEqual(['healthy', 'healthy']);
    expect(web.app.health.readings().heartbeatAgeSeconds.get('acme')).toBeGreaterThanOrEqual(600);

    clock += 1 * MIN;
    await web.app.health.tick();
    expect(web.app.health.readings().exophones.map((r) => r.state)).toEqual(['unknown', 'unknown']);
    const history = await web.pool.query(
      "SELECT state, started_at, ended_at FROM exophone_health_periods WHERE direction = 'incoming' ORDER BY started_at",
    );
    expect(history.rows.map((r) => r.state)).toEqual(['healthy', 'unknown']);
    // The healthy period ends one interval after the last heartbeat, where the unknown one starts.
    const [healthy, unknown] = history.rows;
    expect(healthy.ended_at.getTime() - healthy.started_at.getTime()).toBe(5 * MIN);
    expect(unknown.started_at).toEqual(healthy.ended_at);
    expect(unknown.ended_at).toBeNull();
  });

  describe('ExoPhones the list names only after a heartbeat (a first start: the heartbeat came first)', () => {
    // WARNING: "one or more ExoPhones affected" (https://developer.exotel.com/api/heart-beat, shape B,
    // exotel-api.md §2): exo-a incoming in outage, so every other ExoPhone of the account is healthy.
    const heartbeatBeforeTheList = async (): Promise<Date> => {
      const response = await postJson('heartbeat', {
        timestamp: '2018-08-22T15:19:23Z',
        status_type: 'WARNING',
        incoming_affected: ['exo-a'],
        outgoing_affected: [],
        data: heartbeatIncomingOutage('exo-a'),
      });
      expect(response.status).toBe(200);
      await eventually(async () => (await count('heartbeat_state')) === 1);
      await upsertExoPhones(web.pool, 'acme', [
        { sid: 'exo-a', phone_number: '+918069891522', region: 'KA' },
        { sid: 'exo-b', phone_number: '+918069891523', region: 'DL' },
      ]);
      return (await web.pool.query('SELECT last_heartbeat_at FROM heartbeat_state')).rows[0]
        .last_heartbeat_at;
    };
    const openPeriods = async () =>
      (
        await web.pool.query(
          `SELECT exophone_sid, direction, state, started_at FROM exophone_health_periods
           WHERE ended_at IS NULL ORDER BY exophone_sid, direction`,
        )
      ).rows;

    it('start with the state the recent heartbeat gave them, from when it arrived', async () => {
      const heard = await heartbeatBeforeTheList();
      clock = heard.getTime() + 1 * MIN;
      await web.app.health.tick();
      expect(await openPeriods()).toEqual([
        { exophone_sid: 'exo-a', direction: 'incoming', state: 'affected', started_at: heard },
        { exophone_sid: 'exo-a', direction: 'outgoing', state: 'healthy', started_at: heard },
        { exophone_sid: 'exo-b', direction: 'incoming', state: 'healthy', started_at: heard },
        { exophone_sid: 'exo-b', direction: 'outgoing', state: 'healthy', started_at: heard },
      ]);
      expect(web.app.health.readings().exophones.map((r) => r.state)).toEqual([
        'affected',
        'healthy',
        'healthy',
        'healthy',
      ]);
    });

    it('start unknown, from now, when that heartbeat is older than two intervals', async () => {
      const heard = await heartbeatBeforeTheList();
      clock = heard.getTime() + 11 * MIN;
      await web.app.health.tick();
      const exoB = (await openPeriods()).filter((p) => p.exophone_sid === 'exo-b');
      expect(exoB).toEqual([
        { exophone_sid: 'exo-b', direction: 'incoming', state: 'unknown', started_at: new Date(clock) },
        { exophone_sid: 'exo-b', direction: 'outgoing', state: 'unknown', started_at: new Date(clock) },
      ]);
    });
  });

  it('stores the documented StatusCallback terminal event in every encoding, each field in its column', async () => {
    // Fixture sources: test/fixtures/exotelWebhookExamples.ts (developer.exotel.com/docs/references/webhooks
    // and /docs/voice-v1/api-reference/status-callback). Multipart is Exotel's default encoding
    // (https://developer.exotel.com/api/statuscallback). Exotel documents no form example of Legs: the
    // forms here carry them as Legs[i][Field] keys to prove the reader's leniency (fixtures/formLegs.ts).
    const event = (callSid: string) => ({ ...STATUS_CALLBACK_TERMINAL, CallSid: callSid });
    const multipart = new FormData();
    for (const [name, value] of formFieldsWithBracketLegs(event('sc-multipart')))
      multipart.append(name, value);
    const answers = await Promise.all([
      fetch(`${web.app.hooks}/status-callback`, { method: 'POST', body: multipart }),
      postJson('status-callback', event('sc-json')),
      fetch(`${web.app.hooks}/status-callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(formFieldsWithBracketLegs(event('sc-urlencoded'))).toString(),
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await eventually(async () => (await count('status_callback_events')) === 3);
    const { rows } = await web.pool.query(
      `SELECT call_sid, status, event_type, date_updated, date_created, start_time, end_time, conversation_duration,
              direction, exophone, exophone_raw, from_number, from_number_raw, to_number, to_number_raw,
              recording_url, custom_field, legs
       FROM status_callback_events ORDER BY call_sid`,
    );
    expect(rows.map((row) => row.call_sid)).toEqual(['sc-json', 'sc-multipart', 'sc-urlencoded']);
    for (const row of rows) {
      expect(row).toEqual({
        ...STATUS_CALLBACK_TERMINAL_STORED,
        call_sid: row.call_sid,
        exophone: null,
        from_number_raw: '09876543210',
        to_number_raw: '09123456789',
        legs: STATUS_CALLBACK_TERMINAL.Legs,
      });
    }
  });

  it('replays a journaled multipart StatusCallback after a restart, legs and all', async () => {
    await web.app.close();
    // A collector whose database is unreachable journals the event and cannot write it.
    const unreachable = createPool('postgres://nobody@127.0.0.1:1/none', { connectionTimeoutMillis: 200 });
    web.app = await startWebhookApp(unreachable, web.journalDir, {
      writer: { retryInitialMs: 50, retryMaxMs: 50 },
    });
    const form = new FormData();
    for (const [name, value] of formFieldsWithBracketLegs(STATUS_CALLBACK_TERMINAL)) form.append(name, value);
    expect((await fetch(`${web.app.hooks}/status-callback`, { method: 'POST', body: form })).status).toBe(
      200,
    );
    await web.app.close();
    await unreachable.end();
    web.app = await startWebhookApp(web.pool, web.journalDir);
    await eventually(async () => (await count('status_callback_events')) === 1);
    const { rows } = await web.pool.query('SELECT legs, conversation_duration FROM status_callback_events');
    expect(rows).toEqual([{ legs: STATUS_CALLBACK_TERMINAL.Legs, conversation_duration: 320 }]);
  });

  it('stores the default StatusCallback, and an unmasked PhoneNumberSid as the ExoPhone in E.164', async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries(STATUS_CALLBACK_DEFAULT)) form.append(name, value);
    form.append('PhoneNumberSid', REAL_PHONE_NUMBER_SID);
    expect((await fetch(`${web.app.hooks}/status-callback`, { method: 'POST', body: form })).status).toBe(
      200,
    );
    await eventually(async () => (await count('status_callback_events')) === 1);
    const { rows } = await web.pool.query(
      'SELECT status, event_type, legs, exophone, params FROM status_callback_events',
    );
    expect(rows[0]).toMatchObject({
      status: 'completed',
      event_type: null,
      legs: null,
      exophone: '+919513886363',
    });
    expect(rows[0].params).toEqual({ ...STATUS_CALLBACK_DEFAULT, PhoneNumberSid: REAL_PHONE_NUMBER_SID });
  });

  it('refuses a StatusCallback body of a type it cannot read with 415, logged and counted, nothing kept', async () => {
    const answer = await fetch(`${web.app.hooks}/status-callback`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<CallSid>sc1</CallSid>',
    });
    expect(answer.status).toBe(415);
    expect(((await answer.json()) as { error: string }).error).toMatch(/multipart\/form-data.*not text\/xml/);
    const broken = await fetch(`${web.app.hooks}/status-callback`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
      body: 'CallSid=sc1',
    });
    expect(broken.status).toBe(400);
    expect(web.app.service.depth()).toEqual({ events: 0, bytes: 0 });
    const outcomes = (await web.app.metrics.webhookRequests.get()).values.map((v) => [
      v.labels.outcome,
      v.value,
    ]);
    expect(outcomes).toEqual([
      ['unsupported_media_type', 1],
      ['bad_request', 1],
    ]);
  });

  it('refuses wrong secrets, unknown accounts, malformed and oversized requests: counted, nothing journaled', async () => {
    const wrong = await fetch(
      `${web.app.baseUrl}/webhooks/acme/not-the-secret/passthru?${passthruQuery('x1')}`,
    );
    const unknown = await fetch(
      `${web.app.baseUrl}/webhooks/globex/${ACCOUNT.webhookSecret}/passthru?${passthruQuery('x2')}`,
    );
    const noSid = await fetch(`${web.app.hooks}/passthru?CallFrom=0990`);
    const notJson = await fetch(`${web.app.hooks}/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"status_type":',
    });
    const huge = await fetch(`${web.app.hooks}/status-callback`, {
      method: 'POST',
      body: `CallSid=x&pad=${'x'.repeat(300 * 1024)}`,
    });
    expect([wrong.status, unknown.status, noSid.status, notJson.status, huge.status]).toEqual([
      401, 404, 400, 400, 413,
    ]);
    expect(((await notJson.json()) as { error: string }).error).toMatch(/not valid JSON/);
    expect(((await huge.json()) as { error: string }).error).toMatch(/larger than/);
    expect(web.app.service.depth()).toEqual({ events: 0, bytes: 0 });
    expect(readdirSync(web.journalDir)).toEqual([]);
    const outcomes = Object.fromEntries(
      (await web.app.metrics.webhookRequests.get()).values.map((v) => [
        `${v.labels.route} ${v.labels.outcome}`,
        v.value,
      ]),
    );
    expect(outcomes).toEqual({
      'passthru unauthorized': 1,
      'passthru unknown_account': 1,
      'passthru bad_request': 1,
      'heartbeat bad_request': 1,
      'status-callback too_large': 1,
    });
  });

  it('exposes metrics that promtool accepts, with ExoPhone health, journal depth and webhook latency', async () => {
    await upsertExoPhones(web.pool, 'acme', [{ sid: 'exo-a', phone_number: '+918069891522', region: 'KA' }]);
    await postJson('heartbeat', { status_type: 'WARNING', incoming_affected: ['exo-a'] });
    await fetch(`${web.app.hooks}/passthru?${passthruQuery('m1')}`);
    await fetch(`${web.app.baseUrl}/webhooks/acme/wrong/heartbeat`, { method: 'POST', body: '{}' });
    await eventually(async () => (await count('passthru_events')) === 1);
    await web.app.health.refresh();
    web.app.metrics.setSource('sync', async () => [
      {
        accountSid: 'acme',
        syncedUntil: new Date(Date.now() - 90_000),
        lastSuccessAt: new Date(Date.now() - 30_000),
      },
    ]);
    const text = await (await fetch(`${web.app.baseUrl}/metrics`)).text();
    expect(text).toMatch(
      /exowatch_exophone_health_state\{exophone="\+918069891522",direction="incoming",region="KA",state="affected"\} 1/,
    );
    expect(text).toMatch(
      /exowatch_exophone_up\{exophone="\+918069891522",direction="outgoing",region="KA"\} 1/,
    );
    expect(text).toMatch(
      /exowatch_passthru_events_total\{direction="incoming",call_type="call-attempt",dial_call_status="",flow="11754",team=""\} 1/,
    );
    expect(text).toMatch(/exowatch_webhook_requests_total\{route="heartbeat",outcome="unauthorized"\} 1/);
    expect(text).toMatch(/exowatch_sync_lag_seconds\{account="acme"\} 9\d/);
    expect(text).toMatch(/exowatch_journal_pending_events 0/);
    expect(text).toMatch(/exowatch_webhook_request_duration_seconds_count\{route="passthru"\} 1/);
    expect(text).not.toMatch(/09901320691|\+919901320691/);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: '' });
  });
});
