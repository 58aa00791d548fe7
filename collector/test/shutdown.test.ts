import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load';
import { startCollector, type RunningCollector } from '../src/runtime/collector';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { createPool } from '../src/store/db';
import { startTestCluster, type TestCluster } from './harness/postgres';

const PASSTHRU_EVENTS = 200;

/**
 * `exowatch serve` stops in the order issue 10 asks for: the sync, then the webhooks (drained into
 * the database), then the HTTP API, then the pool and the database — so a Ctrl-C under webhook
 * load loses nothing that was answered 200.
 */
describe('collector shutdown', () => {
  let cluster: TestCluster;
  let simulator: SimulatorHandle;
  let dataDir: string;
  let databaseUrl: string;
  let collector: RunningCollector;

  beforeAll(async () => {
    cluster = await startTestCluster();
    databaseUrl = await cluster.freshDatabase();
    simulator = await startSimulator({ seed: 'shutdown', accountSid: 'acme', apiKey: 'k', apiToken: 't' });
    dataDir = mkdtempSync(join(tmpdir(), 'exowatch-shutdown-'));
    collector = await startCollector(
      loadConfig({
        env: {
          DATABASE_URL: databaseUrl,
          EXOWATCH_DATA_DIR: dataDir,
          EXOWATCH_PORT: '0',
          EXOTEL_ACCOUNT_SID: 'acme',
          EXOTEL_API_KEY: 'k',
          EXOTEL_API_TOKEN: 't',
          EXOTEL_BASE_URL: simulator.url,
        },
      }),
    );
  });
  afterAll(async () => {
    await simulator.close();
    await cluster.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops the sync first, drains the webhooks before closing the API, and the database last', () => {
    const order = collector.shutdownOrder;
    const at = (step: string) => {
      expect(order).toContain(step);
      return order.indexOf(step);
    };
    expect(at('sync')).toBeLessThan(at('webhooks'));
    expect(at('webhooks')).toBeLessThan(at('http api'));
    expect(at('webhooks')).toBeLessThan(at('webhook connections'));
    expect(at('http api')).toBeLessThan(at('database'));
    expect(at('database')).toBe(order.length - 1);
  });

  it('writes every webhook it answered 200 for before the database closes', async () => {
    const passthru = collector.webhookUrls[0]!.passthru;
    const answers = await Promise.all(
      Array.from({ length: PASSTHRU_EVENTS }, (_, i) =>
        fetch(`${passthru}?CallSid=shutdown-${i}&CallFrom=09901320691&CallTo=08069891522&Direction=incoming`),
      ),
    );
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([]);
    await collector.stop();

    const pool = createPool(databaseUrl);
    try {
      const { rows } = await pool.query(
        "SELECT count(DISTINCT call_sid)::int AS n FROM passthru_events WHERE call_sid LIKE 'shutdown-%'",
      );
      expect(rows[0].n).toBe(PASSTHRU_EVENTS);
    } finally {
      await pool.end();
    }
  });
});
