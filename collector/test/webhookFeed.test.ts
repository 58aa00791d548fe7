import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { startSimulator, startWebhookFeed, type SimulatorHandle, type WebhookFeed } from '../src/simulator';
import { webhookUrls } from '../src/webhooks';
import { ACCOUNT, eventually, startWebhookApp, type RunningWebhookApp } from './fixtures/webhookApp';
import { migratedDatabase } from './harness/database';

// The simulated clock starts at a fixed instant and runs 10 simulated minutes per second.
const START = Date.parse('2026-11-20T10:00:00Z');

describe('the demo feed through the collector’s real webhook endpoints', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let journalDir: string;
  let sim: SimulatorHandle;
  let app: RunningWebhookApp;
  let feed: WebhookFeed;
  const count = async (sql: string) => Number((await pool.query(sql)).rows[0].count);

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-feed-'));
    sim = await startSimulator({ seed: 'feed', callsPerDay: 20_000, clock: { start: START, speed: 600 } });
    app = await startWebhookApp(pool, journalDir);
    const [urls] = webhookUrls(app.baseUrl, [ACCOUNT]);
    feed = startWebhookFeed(sim, urls!, { heartbeatIntervalMs: 1000, tickMs: 100 });
  });
  afterAll(async () => {
    feed.stop();
    await app.close();
    await sim.close();
    await close();
    rmSync(journalDir, { recursive: true, force: true });
  });

  it('sends every kind of webhook in a shape the collector accepts, and each lands in its table', async () => {
    await eventually(
      async () =>
        (await count('SELECT count(*) FROM passthru_events')) > 0 &&
        (await count("SELECT count(*) FROM agent_events WHERE status = 'busy'")) > 0 &&
        (await count("SELECT count(*) FROM agent_events WHERE status = 'free'")) > 0 &&
        (await count("SELECT count(*) FROM status_callback_events WHERE params->'Legs' IS NOT NULL")) > 0 &&
        (await count("SELECT count(*) FROM status_callback_events WHERE NOT params ? 'Legs'")) > 0 &&
        (await count('SELECT count(*) FROM heartbeat_events')) > 0,
      30_000,
    );
    const outcomes = (await app.metrics.webhookRequests.get()).values.filter((v) => v.value > 0);
    expect(new Set(outcomes.map((v) => v.labels.outcome))).toEqual(new Set(['accepted']));
    // Multipart and JSON bodies give the same columns, the ExoPhone from PhoneNumberSid; legs come in
    // JSON bodies only, the one encoding Exotel documents them in.
    const incomplete = await count(
      `SELECT count(*) FROM status_callback_events
       WHERE exophone IS NULL OR direction <> 'outbound-api'
          OR (legs IS NULL) = (params ? 'Legs') OR jsonb_array_length(legs) <> 2`,
    );
    expect(incomplete).toBe(0);
    const invented = await count(
      "SELECT count(*) FROM status_callback_events WHERE params::text LIKE '%Legs[%'",
    );
    expect(invented).toBe(0);
    expect(await count("SELECT count(*) FROM passthru_events WHERE call_status IN ('busy', 'free')")).toBe(0);
  });
});
