import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createPool } from '../src/store/db';
import { freePort } from '../src/store/localCluster';
import { migrate } from '../src/store/migrate';
import { eventually } from './fixtures/webhookApp';
import {
  ensureBuilt,
  runWebhookLoad,
  startWebhookProcess,
  waitForExit,
  type LoadResult,
} from './fixtures/processes';
import { startTestCluster, type TestCluster } from './harness/postgres';

describe('a collector killed with SIGKILL under webhook load', () => {
  let cluster: TestCluster;
  let pool: Pool;
  let url: string;
  let journalDir: string;

  beforeAll(async () => {
    ensureBuilt();
    cluster = await startTestCluster();
  });
  beforeEach(async () => {
    url = await cluster.freshDatabase();
    pool = createPool(url);
    await migrate(pool);
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-sigkill-'));
  });
  afterEach(async () => {
    await pool.end();
    rmSync(journalDir, { recursive: true, force: true });
  });
  afterAll(() => cluster.destroy());

  async function storedAfterRestart(accepted: LoadResult['accepted']): Promise<void> {
    const restarted = await startWebhookProcess(url, journalDir);
    try {
      await eventually(async () => {
        const { rows } = await pool.query('SELECT count(*)::int AS n FROM passthru_events');
        return rows[0].n >= accepted.passthru.length;
      }, 30_000);
      const passthru = await pool.query('SELECT call_sid FROM passthru_events');
      const stored = new Set(passthru.rows.map((r) => r.call_sid));
      expect(accepted.passthru.filter((sid) => !stored.has(sid))).toEqual([]);
      expect(passthru.rows).toHaveLength(stored.size);
      const callbacks = await pool.query('SELECT call_sid FROM status_callback_events');
      const storedCallbacks = new Set(callbacks.rows.map((r) => r.call_sid));
      expect(accepted.statusCallbacks.filter((sid) => !storedCallbacks.has(sid))).toEqual([]);
      const heartbeats = await pool.query("SELECT payload->>'timestamp' AS t FROM heartbeat_events");
      const storedHeartbeats = new Set(heartbeats.rows.map((r) => r.t));
      expect(accepted.heartbeats.filter((t) => !storedHeartbeats.has(t))).toEqual([]);
    } finally {
      restarted.child.kill('SIGTERM');
      await waitForExit(restarted.child);
    }
  }

  it('loses nothing it answered 200 for: the restart replays the journal', async () => {
    const server = await startWebhookProcess(url, journalDir);
    // Killed once the load is well under way (not after a fixed time: a loaded machine is slower);
    // the load runs on long enough that requests after the kill are refused.
    const load = runWebhookLoad(server.hooks, 800, 10_000, 'kill');
    await eventually(async () => {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM passthru_events');
      return rows[0].n >= 300;
    }, 8_000);
    server.child.kill('SIGKILL');
    await waitForExit(server.child);
    const result = await load;
    expect(result.accepted.passthru.length).toBeGreaterThan(300);
    // Requests after the kill were refused by the operating system, not answered 200.
    expect(result.failedCount).toBeGreaterThan(0);
    await storedAfterRestart(result.accepted);
  });

  it('replays events that were only in the journal when the database was unreachable', async () => {
    // The first process points at a port where no database listens: nothing can be committed.
    const nowhere = url.replace(/:\d+\//, `:${await freePort()}/`);
    const server = await startWebhookProcess(nowhere, journalDir);
    const result = await runWebhookLoad(server.hooks, 500, 1000, 'journal');
    server.child.kill('SIGKILL');
    await waitForExit(server.child);
    expect(result.failed).toEqual([]);
    expect(readdirSync(journalDir).length).toBeGreaterThan(0);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM passthru_events');
    expect(rows[0].n).toBe(0);
    await storedAfterRestart(result.accepted);
  });
});
