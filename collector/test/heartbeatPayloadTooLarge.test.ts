import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { ExotelClient, RateLimiter } from '../src/exotel';
import { refreshHealthFromDetails } from '../src/exophones/detailsRead';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { upsertExoPhones } from '../src/exophones/store';
import { startWebhookApp, type RunningWebhookApp } from './fixtures/webhookApp';
import { startTestCluster, type TestCluster } from './harness/postgres';
import { migratedPool } from './harness/database';

// The simulator's clock is fixed here, so nothing depends on today's date.
const NOW = Date.parse('2026-11-20T12:00:00Z');
const INTERVAL_MS = 300_000;

describe('PAYLOAD_TOO_LARGE heartbeats read the ExoPhone details API, on real PostgreSQL', () => {
  let cluster: TestCluster;
  let pool: Pool;
  let journalDir: string;
  let sim: SimulatorHandle;
  let client: ExotelClient;
  let app: RunningWebhookApp;
  let detailsRead: Promise<unknown>;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  beforeEach(async () => {
    pool = await migratedPool(cluster);
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-too-large-'));
    sim = await startSimulator({ seed: 'too-large', rateLimitPerMinute: 0, clock: { start: NOW, speed: 0 } });
    client = new ExotelClient({
      baseUrl: sim.url,
      accountSid: sim.accountSid,
      apiKey: sim.apiKey,
      apiToken: sim.apiToken,
      limiter: new RateLimiter({ requestsPerMinute: 60_000 }),
    });
    let finish: (value: unknown) => void = () => undefined;
    detailsRead = new Promise((resolve) => (finish = resolve));
    app = await startWebhookApp(pool, journalDir, {
      onPayloadTooLarge: (accountSid, at) =>
        void refreshHealthFromDetails(pool, client, accountSid, at, INTERVAL_MS).then(finish, finish),
    });
  });
  afterEach(async () => {
    await app.close();
    client.close();
    await sim.close();
    await pool.end();
    rmSync(journalDir, { recursive: true, force: true });
  });
  afterAll(() => cluster.destroy());

  it('serves one ExoPhone’s details in the documented envelope', async () => {
    const exophone = sim.account.model.exophones[0]!;
    sim.outages.takeDown(exophone.sid, 'incoming', NOW + 3_600_000);
    const response = await fetch(
      `${sim.url}/v2/accounts/${sim.accountSid}/incoming-phone-numbers/${exophone.sid}`,
      {
        headers: {
          Authorization: `Basic ${Buffer.from(`${sim.apiKey}:${sim.apiToken}`).toString('base64')}`,
        },
      },
    );
    // Envelope and data fields of https://developer.exotel.com/api/get-details-of-an-exophone; the
    // connectivity blocks as the heartbeat docs give them (exotel-api.md §2 shape B).
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['http_code', 'metadata', 'method', 'request_id', 'response']);
    expect(body).toMatchObject({ method: 'GET', http_code: 200, metadata: { page_size: 1, page: 0 } });
    const [item] = body.response as Record<string, unknown>[];
    expect(item).toMatchObject({ code: 200, error_data: null, status: 'success' });
    const data = item!.data as Record<string, unknown>;
    expect(Object.keys(data).sort()).toEqual([
      'account_sid',
      'connectivity',
      'date_created',
      'date_updated',
      'friendly_name',
      'sid',
    ]);
    expect(data.connectivity).toEqual({
      incoming_call: {
        status: 'major_outage',
        last_check_time: '2026-11-20T12:00:00Z',
        alternate_exophone: expect.stringMatching(/^0\d{10}$/),
      },
      outgoing_call: expect.objectContaining({ last_check_time: '2026-11-20T12:00:00Z' }),
    });
  });

  it('folds every known ExoPhone’s connectivity into health when Exotel says the heartbeat was too large', async () => {
    const { exophones } = sim.account.model;
    await upsertExoPhones(
      pool,
      'acme',
      exophones.map((e) => ({ sid: e.sid, phone_number: e.e164, region: e.region })),
    );
    const down = exophones[1]!;
    sim.outages.takeDown(down.sid, 'incoming', NOW + 3_600_000);
    // The documented status_type (https://developer.exotel.com/api/heart-beat): no ExoPhone named.
    const response = await fetch(`${app.hooks}/heartbeat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ timestamp: '2026-11-20T12:00:00Z', status_type: 'PAYLOAD_TOO_LARGE' }),
    });
    expect(response.status).toBe(200);
    expect(await detailsRead).toEqual({ read: exophones.length, failed: 0, applied: true });
    expect(sim.stats().routes['exophone-details']?.requests).toBe(exophones.length);
    const { rows } = await pool.query(
      `SELECT exophone_sid, direction, state, alternate_exophone FROM exophone_health_periods
       WHERE ended_at IS NULL ORDER BY exophone_sid, direction`,
    );
    expect(rows).toHaveLength(exophones.length * 2);
    for (const row of rows) {
      const exophone = exophones.find((e) => e.sid === row.exophone_sid)!;
      expect(row.state).toBe(sim.outages.isDown(exophone, row.direction, NOW) ? 'affected' : 'healthy');
    }
    const incoming = rows.find((r) => r.exophone_sid === down.sid && r.direction === 'incoming');
    expect(incoming).toMatchObject({
      state: 'affected',
      alternate_exophone: expect.stringMatching(/^\+91\d{10}$/),
    });
  });
});
