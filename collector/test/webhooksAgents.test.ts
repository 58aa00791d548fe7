import { spawnSync } from 'node:child_process';
import { AGENT_STATE_MAX_AGE_MS, readAgentStates } from '../src/store/agentStates';
import { agentEventParams } from './fixtures/exotelWebhookExamples';
import { eventually, passthruQuery, webhookAppEachTest } from './fixtures/webhookApp';

// Agent notifications as the Connect applet sends them: parameters from
// https://support.exotel.com/support/solutions/articles/3000106308-how-to-get-answered-event-in-crm
// (see agentEventParams for the source of the value formats).
const AGENT_A = '09876543210';
const AGENT_B = '09876543211';
const AGENT_C = '09876543212';

describe('Connect applet agent events on real PostgreSQL', () => {
  const web = webhookAppEachTest();
  const count = async (table: string) =>
    Number((await web.pool.query(`SELECT count(*) FROM ${table}`)).rows[0].count);
  const send = (route: 'agent' | 'passthru', params: Record<string, string>) =>
    fetch(`${web.app.hooks}/${route}?${new URLSearchParams(params)}`);

  beforeEach(() => {
    web.app.metrics.setSource('agentStates', () => readAgentStates(web.pool, new Date()));
  });

  it('keeps agent events from their own URL and from the Passthru URL as agent events, never as call status', async () => {
    const answers = await Promise.all([
      send('agent', agentEventParams('call1', AGENT_A, 'busy', 'Dial', '2024-07-31 16:43:00')),
      send('passthru', agentEventParams('call1', AGENT_A, 'free', 'Terminal', '2024-07-31 16:45:00')),
      fetch(`${web.app.hooks}/passthru?${passthruQuery('call1')}`),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await eventually(
      async () => (await count('agent_events')) === 2 && (await count('passthru_events')) === 1,
    );
    const { rows } = await web.pool.query(
      `SELECT call_sid, agent_number, agent_number_raw, status, event_type, direction, call_from, call_to,
              exotel_current_time
       FROM agent_events ORDER BY exotel_current_time`,
    );
    expect(rows).toEqual([
      {
        call_sid: 'call1',
        agent_number: '+919876543210',
        agent_number_raw: AGENT_A,
        status: 'busy',
        event_type: 'Dial',
        direction: 'outbound-dial',
        call_from: '+919901320691',
        call_to: '+918069891522',
        exotel_current_time: new Date('2024-07-31T11:13:00Z'),
      },
      expect.objectContaining({ status: 'free', event_type: 'Terminal' }),
    ]);
    const passthru = await web.pool.query('SELECT call_status FROM passthru_events');
    expect(passthru.rows).toEqual([{ call_status: null }]);
  });

  it('refuses a request at the agent URL that is not an agent notification, nothing kept', async () => {
    const answer = await fetch(`${web.app.hooks}/agent?${passthruQuery('call2')}`);
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toMatch(/busy or free/);
    expect(web.app.service.depth()).toEqual({ events: 0, bytes: 0 });
  });

  it('exposes agents busy and free now by team in /metrics, promtool-clean', async () => {
    await web.pool.query(
      `INSERT INTO tags (target, key, value, valid_from) VALUES ('+919876543210', 'team', 'support', '-infinity'),
         ('+919876543211', 'team', 'support', '-infinity')`,
    );
    // A is on a call, B was called and is free again, C (no team) is being called.
    await send('agent', agentEventParams('c1', AGENT_A, 'busy', 'Answered', '2024-07-31 16:43:00'));
    await send('agent', agentEventParams('c2', AGENT_B, 'busy', 'Dial', '2024-07-31 16:43:00'));
    await send('agent', agentEventParams('c2', AGENT_B, 'free', 'Terminal', '2024-07-31 16:44:00'));
    await send('passthru', agentEventParams('c3', AGENT_C, 'busy', 'Ringing', '2024-07-31 16:44:00'));
    await eventually(async () => (await count('agent_events')) === 4);
    const text = await (await fetch(`${web.app.baseUrl}/metrics`)).text();
    const agents = text.split('\n').filter((line) => line.startsWith('exowatch_agents{'));
    expect(agents.sort()).toEqual([
      'exowatch_agents{team="",state="busy"} 1',
      'exowatch_agents{team="",state="free"} 0',
      'exowatch_agents{team="support",state="busy"} 1',
      'exowatch_agents{team="support",state="free"} 1',
    ]);
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect({ status: check.status, output: check.stdout + check.stderr }).toEqual({ status: 0, output: '' });
  });

  it('counts each agent by its latest notification of the last 12 hours, in Exotel order', async () => {
    const now = new Date('2024-07-31T12:00:00Z');
    const at = (msBefore: number) => new Date(now.getTime() - msBefore).toISOString();
    const insert = (key: string, agent: string, status: string, currentTime: string, receivedAt: string) =>
      web.pool.query(
        `INSERT INTO agent_events (event_key, account_sid, call_sid, agent_number, status, params, exotel_current_time, received_at)
         VALUES ($1, 'acme', 'c', $2, $3, '{}', $4, $5)`,
        [key, agent, status, currentTime, receivedAt],
      );
    // A's `free` arrived first but happened last (Exotel's CurrentTime decides).
    await insert('a1', '+919876543210', 'free', at(60_000), at(120_000));
    await insert('a2', '+919876543210', 'busy', at(120_000), at(60_000));
    // B's last word is older than the window: a lost `free` must not keep it busy forever.
    await insert(
      'b1',
      '+919876543211',
      'busy',
      at(AGENT_STATE_MAX_AGE_MS + 1000),
      at(AGENT_STATE_MAX_AGE_MS + 1000),
    );
    // C's event arrives after `now`: not yet known at `now`.
    await insert('c1', '+919876543212', 'busy', at(-1000), at(-1000));
    expect(await readAgentStates(web.pool, now)).toEqual([{ team: '', busy: 0, free: 1 }]);
  });
});
