import type { Pool } from 'pg';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { startTestCluster, type TestCluster } from './harness/postgres';

describe('migration 012 on a database that stored agent notifications as Passthru events', () => {
  let cluster: TestCluster;
  let pool: Pool;

  beforeAll(async () => {
    cluster = await startTestCluster();
  });
  beforeEach(async () => {
    pool = createPool(await cluster.freshDatabase());
  });
  afterEach(() => pool.end());
  afterAll(async () => {
    await cluster.destroy();
  });

  it('moves them to agent_events, keeps real Passthru events, and marks the call’s rollup slot', async () => {
    await migrate(pool, { before: '012' });
    const insert = (key: string, params: Record<string, string>, status: string | null) =>
      pool.query(
        `INSERT INTO passthru_events (event_key, account_sid, call_sid, call_status, dial_whom_number,
           dial_whom_number_raw, direction, exotel_current_time, params, received_at)
         VALUES ($1, 'acme', 'call1', $2, '+919876543210', '09876543210', 'outbound-dial',
           '2024-07-31T11:13:00Z', $3, '2024-07-31T11:13:01Z')`,
        [key, status, JSON.stringify(params)],
      );
    // Parameters of the Connect applet article (source cited in test/fixtures/exotelWebhookExamples.ts).
    await insert('agent-1', { CallSid: 'call1', Status: 'busy', EventType: ' Dial' }, 'busy');
    await insert('passthru-1', { CallSid: 'call1', CallType: 'completed' }, null);
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, direction, from_number, status, raw, synced_at)
       VALUES ('call1', '2024-07-31T11:12:56Z', 'acme', 'inbound', '+919901320691', 'completed', '{}', now())`,
    );
    await pool.query('DELETE FROM rollup_dirty_slots');

    await migrate(pool);

    const passthru = await pool.query('SELECT event_key FROM passthru_events');
    expect(passthru.rows).toEqual([{ event_key: 'passthru-1' }]);
    const agents = await pool.query(
      'SELECT event_key, call_sid, agent_number, status, event_type, exotel_current_time FROM agent_events',
    );
    expect(agents.rows).toEqual([
      {
        event_key: 'agent-1',
        call_sid: 'call1',
        agent_number: '+919876543210',
        status: 'busy',
        event_type: 'Dial',
        exotel_current_time: new Date('2024-07-31T11:13:00Z'),
      },
    ]);
    const dirty = await pool.query('SELECT count(*) FROM rollup_dirty_slots');
    expect(Number(dirty.rows[0].count)).toBeGreaterThan(0);
  });
});
