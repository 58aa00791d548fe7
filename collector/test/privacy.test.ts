import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { privacyRouter } from '../src/api/privacyRoutes';
import { refreshCallbacks } from '../src/callbacks/missedCalls';
import type { ExotelCall } from '../src/exotel/types';
import { eraseNumber, reportNumber } from '../src/privacy/requests';
import { runQuery } from '../src/query/engine';
import { refreshRollups } from '../src/rollups/rollups';
import { statusCallbackFormFields } from '../src/simulator/webhook-payloads';
import { keepRejectedCalls } from '../src/store/rejectedCalls';
import { agentEventParams, STATUS_CALLBACK_TERMINAL } from './fixtures/exotelWebhookExamples';
import { callAt, MISSED, salesTeamDatabase, storeCalls } from './fixtures/istCalls';
import { eventually, passthruQuery, startWebhookApp, type RunningWebhookApp } from './fixtures/webhookApp';
import { listenApi, type TestApi } from './harness/api';
import { columnsHolding, databaseFingerprint, filesHolding } from './harness/findNumber';

/**
 * Erasure and access on request, on real PostgreSQL, through the real webhook endpoints and the
 * admin API. The customer is `09901320691`, the caller of Exotel's published Passthru query string and
 * of the Call Details example (fixtures/exotelCall.ts, webhookApp.ts passthruQuery, exotel-api.md §1.4
 * and §3.2), also the caller of the Connect applet notification (agentEventParams) and the callee of
 * the documented StatusCallback terminal event (fixtures/exotelWebhookExamples.ts, To overridden).
 */
const CUSTOMER = '+919901320691';
const DIGITS = '9901320691';
const OTHER = '09811111111';
const AGENT = '09800000001';
const ADMIN = 'admin-token-0123456789';
const VIEWER = 'viewer-token-0123456789';
const ZONE = 'Asia/Kolkata';
const DAY = Date.parse('2026-01-05T00:00:00+05:30');
const NOW = new Date('2026-01-05T18:00:00+05:30');
const RECORDING = 'https://s3-ap-southeast-1.amazonaws.com/recordings/abc123.mp3';

/** A Bulk Call Details record (fixtures/istCalls.ts) on DAY. */
const call = (sid: string, hhmm: string, overrides: Partial<ExotelCall>) =>
  callAt(sid, '2026-01-05', hhmm, overrides);

const CALLS: ExotelCall[] = [
  call('a1', '10:00', { From: '09901320691', ...MISSED }),
  call('a2', '10:20', { From: '+91 99013 20691', ...MISSED }),
  call('o1', '10:40', { From: AGENT, To: '9901320691', Direction: 'outbound-dial' }),
  call('b1', '11:00', { From: OTHER, ...MISSED }),
  call('a3', '11:30', { From: '09901320691', RecordingUrl: RECORDING }),
];

const METRICS = [
  'calls',
  'offered',
  'answered',
  'missed',
  'repeat_caller_rate',
  'callback_rate',
  'time_to_callback',
  'missed_callbacks_open',
];

describe('privacy requests: report and erasure of a customer number', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let dataDir: string;
  let journalDir: string;
  let hooks: RunningWebhookApp;
  let api: TestApi;

  const kpis = async () => {
    const answers: Record<string, unknown> = {};
    for (const metric of METRICS) {
      const result = await runQuery(
        pool,
        { metric, interval: '1h', groupBy: ['team'], from: DAY, to: DAY + 86_400_000, timeZone: ZONE },
        { defaultTimeZone: ZONE, now: () => NOW },
      );
      answers[metric] = result.frames;
    }
    return answers;
  };
  /** Every column of every table, searched in every form of the number (test/harness/findNumber.ts). */
  const tablesHolding = () => columnsHolding(pool, DIGITS);
  /** Calls whose whole payload, as raw(calls) rebuilds it, has the number's digits. */
  const rebuiltPayloadsHolding = async () =>
    (
      await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM calls c WHERE c.raw::text LIKE '%' || $1 || '%'`,
        [DIGITS],
      )
    ).rows[0]!.n;
  /** Every file of the collector's data folder (the journal in it) that holds the number. */
  const filesHeld = () => filesHolding(dataDir, DIGITS);
  const post = async (path: string, body: unknown, token = ADMIN) => {
    const res = await fetch(api.base + path, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-exowatch-actor': 'asha',
      },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    ({ pool, close } = await salesTeamDatabase(CALLS));
    // A record Exotel sent that could not be read keeps its payload, the number written as no call has it.
    await keepRejectedCalls(pool, 'acme', [
      { sid: 'r1', reason: 'DateCreated is missing', raw: { Sid: 'r1', From: '099013-20691' } },
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'exowatch-privacy-'));
    journalDir = join(dataDir, 'journal');
    // Long enough for the first two tests to find the events still in the journal on a busy machine.
    hooks = await startWebhookApp(pool, journalDir, { journal: { segmentMaxAgeMs: 3_000 } });
    api = await listenApi(
      [privacyRouter({ pool, adminToken: ADMIN, journalDir, now: () => NOW })],
      [VIEWER, ADMIN],
    );
  });
  afterAll(async () => {
    await api.close();
    await hooks.close();
    await close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports what is held about the number, typed in any form', async () => {
    expect((await fetch(`${hooks.hooks}/passthru?${passthruQuery('a1')}`)).status).toBe(200);
    expect(
      (
        await fetch(
          `${hooks.hooks}/agent?${new URLSearchParams(agentEventParams('a3', AGENT, 'busy', 'Dial', '2024-07-31 16:43:02'))}`,
        )
      ).status,
    ).toBe(200);
    const form = new FormData();
    for (const [name, value] of statusCallbackFormFields({ ...STATUS_CALLBACK_TERMINAL, To: '09901320691' }))
      form.append(name, value);
    expect((await fetch(`${hooks.hooks}/status-callback`, { method: 'POST', body: form })).status).toBe(200);
    await eventually(
      async () =>
        (await pool.query('SELECT 1 FROM status_callback_events UNION ALL SELECT 1 FROM agent_events'))
          .rowCount === 2,
    );
    await refreshRollups(pool, { now: NOW });
    await refreshCallbacks(pool);

    const report = await reportNumber(pool, journalDir, '+91 99013-20691', { actor: 'dpo', via: 'cli' });
    const held = Object.fromEntries(report.held.map((h) => [`${h.table}.${h.column}`, h]));
    expect(held['calls.from_number']).toMatchObject({
      rows: 3,
      first: '2026-01-05T04:30:00.000Z',
      last: '2026-01-05T06:00:00.000Z',
      recordings: 1,
    });
    expect(held['calls.to_number']).toMatchObject({ rows: 1 });
    expect(held['passthru_events.call_from']).toMatchObject({ rows: 1 });
    expect(held['agent_events.call_from']).toMatchObject({ rows: 1 });
    expect(held['status_callback_events.to_number']).toMatchObject({ rows: 1, recordings: 1 });
    expect(held['missed_calls.customer']).toMatchObject({ rows: 2 });
    expect(report.erasedRows).toBe(0);
    expect(report.pseudonym).toMatch(/^c_[0-9a-f]{16}$/);
    // Fresh webhooks are still in the journal's active segment.
    expect(report.journal.events).toBe(3);
  });

  it('refuses bad input and business numbers with a clear error, changing nothing', async () => {
    expect((await post('/api/v1/privacy/erase', { number: CUSTOMER }, VIEWER)).status).toBe(403);
    const bad = await post('/api/v1/privacy/erase', { number: 'nobody' });
    expect(bad).toEqual({
      status: 400,
      body: { error: '"nobody" is not a phone number (write it as +91… or 0…)' },
    });
    expect((await post('/api/v1/privacy/erase', { phone: CUSTOMER })).status).toBe(400);
    const agent = await post('/api/v1/privacy/erase', { number: AGENT });
    expect(agent.status).toBe(409);
    expect(agent.body.error).toContain('an agent of the business');
    // While the journal holds the number, erasure waits for it to be written and deleted.
    const waiting = await post('/api/v1/privacy/erase', { number: CUSTOMER });
    expect(waiting.status).toBe(409);
    expect(waiting.body.error).toContain('the webhook journal holds 3 event(s) with this number');
    expect(await tablesHolding()).toContain('public.calls.from_number');
  });

  it('erases the number everywhere, with the same KPIs, idempotently; a dry run changes nothing', async () => {
    await eventually(async () => filesHeld().length === 0);
    const before = await kpis();
    const pseudonymsBefore = await pool.query(
      'SELECT sid, from_pseudonym, to_pseudonym FROM reporting.calls ORDER BY sid',
    );
    const held = await tablesHolding();
    expect(await rebuiltPayloadsHolding()).toBeGreaterThan(0);
    expect(held).toEqual([
      'public.agent_events.call_from',
      'public.agent_events.call_from_raw',
      'public.agent_events.params',
      'public.calls.from_number',
      // The texts sent in other forms than 09901320691 (+91 99013 20691, 9901320691).
      'public.calls.from_sent',
      // calls.payload_rest does not hold it: the payload's From/To are rebuilt from the sent texts (017).
      'public.calls.to_number',
      'public.calls.to_sent',
      'public.missed_calls.customer',
      'public.passthru_events.call_from',
      'public.passthru_events.call_from_raw',
      'public.passthru_events.params',
      'public.rejected_calls.raw',
      'public.status_callback_events.params',
      'public.status_callback_events.to_number',
      'public.status_callback_events.to_number_raw',
    ]);

    const untouched = await databaseFingerprint(pool, ['public.audit_log']);
    const audited = await pool.query('SELECT * FROM audit_log ORDER BY id');
    const dry = await post('/api/v1/privacy/erase', { number: '09901320691', dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      changed: {
        calls: 4,
        passthru_events: 1,
        agent_events: 1,
        status_callback_events: 1,
        missed_calls: 2,
        rejected_calls: 1,
      },
    });
    expect(await tablesHolding()).toEqual(held);
    // The dry run changed no row of any table; the audit log only gained the request's own row.
    expect(await databaseFingerprint(pool, ['public.audit_log'])).toEqual(untouched);
    const auditedAfter = await pool.query('SELECT * FROM audit_log ORDER BY id');
    expect(auditedAfter.rows.slice(0, -1)).toEqual(audited.rows);
    expect(auditedAfter.rows.at(-1)).toMatchObject({ action: 'privacy.erase', summary: { dryRun: true } });

    const erased = await eraseNumber(pool, journalDir, '9901320691', {
      dryRun: false,
      by: { actor: 'dpo', via: 'cli' },
      now: NOW,
    });
    expect(erased.changed).toEqual(dry.body.changed);
    expect(erased.journal.events).toBe(0);
    expect(await tablesHolding()).toEqual([]);
    expect(await rebuiltPayloadsHolding()).toBe(0);
    expect(filesHeld()).toEqual([]);
    const recordings = await pool.query(
      `SELECT count(*)::int AS n FROM calls c
       WHERE (from_number = $1 OR to_number = $1) AND (c.recording_url IS NOT NULL OR c.raw ->> 'RecordingUrl' IS NOT NULL)`,
      [erased.pseudonym],
    );
    expect(recordings.rows[0].n).toBe(0);

    // The KPIs that compare numbers answer the same, from the raw calls (slots marked) and rolled up.
    expect(await kpis()).toEqual(before);
    await refreshRollups(pool, { now: NOW });
    await refreshCallbacks(pool);
    expect(await kpis()).toEqual(before);
    expect(
      (await pool.query('SELECT sid, from_pseudonym, to_pseudonym FROM reporting.calls ORDER BY sid')).rows,
    ).toEqual(pseudonymsBefore.rows);
    expect(
      (await pool.query('SELECT DISTINCT customer FROM missed_calls WHERE sid IN ($1, $2)', ['a1', 'a2']))
        .rows,
    ).toEqual([{ customer: erased.pseudonym }]);

    const again = await post('/api/v1/privacy/erase', { number: CUSTOMER });
    expect(again.body.changed).toEqual({
      calls: 0,
      passthru_events: 0,
      agent_events: 0,
      status_callback_events: 0,
      missed_calls: 0,
      rejected_calls: 0,
    });
    const report = await post('/api/v1/privacy/report', { number: CUSTOMER });
    expect((report.body.held as { rows: number }[]).every((h) => h.rows === 0)).toBe(true);
    expect(report.body.erasedRows).toBe(6);
  });

  it('keeps who asked what in the audit log, under the pseudonym only', async () => {
    const { rows } = await pool.query(
      'SELECT actor, via, action, subject, summary FROM audit_log ORDER BY id',
    );
    const pseudonym = rows[0].subject as string;
    expect(rows.map((r) => [r.actor, r.via, r.action, r.subject, r.summary.dryRun])).toEqual([
      ['dpo', 'cli', 'privacy.report', pseudonym, undefined],
      ['asha', 'api', 'privacy.erase', pseudonym, true],
      ['dpo', 'cli', 'privacy.erase', pseudonym, false],
      ['asha', 'api', 'privacy.erase', pseudonym, false],
      ['asha', 'api', 'privacy.report', pseudonym, undefined],
    ]);
    expect(rows[2].summary.changed).toMatchObject({ calls: 4, missed_calls: 2 });
    expect(await tablesHolding()).toEqual([]);
  });

  it('keeps the number erased when the sync reads its calls again; a later call is stored as any other', async () => {
    // The hourly full re-read (and a backfill) upsert the calls exactly as Exotel serves them.
    await storeCalls(pool, CALLS);
    expect(await tablesHolding()).toEqual([]);
    const later = call('a9', '19:00', { From: '09901320691', ...MISSED });
    await storeCalls(pool, [{ ...later, DateCreated: '2026-01-05 19:00:00' }]);
    expect((await pool.query(`SELECT from_number FROM calls WHERE sid = 'a9'`)).rows).toEqual([
      { from_number: CUSTOMER },
    ]);
  });
});
