import { parseHeartbeat } from './heartbeat';
import { deriveHealth, effectiveState, planHeartbeat, planSilence, type OpenPeriod } from './health';
import { heartbeatIncomingOutage } from '../../test/fixtures/exotelWebhookExamples';

const MIN = 60_000;
const INTERVAL = 5 * MIN;
const t = (minutes: number) => new Date(Date.UTC(2024, 6, 31, 10, 0) + minutes * MIN);
const stateOf = (states: ReturnType<typeof deriveHealth>, sid: string, direction: string) =>
  states?.find((s) => s.sid === sid && s.direction === direction)?.state;

describe('deriveHealth', () => {
  const known = [
    { sid: '08069891522', phoneNumber: '+918069891522' },
    { sid: 'exo-2', phoneNumber: '+918069891523' },
  ];

  it('marks listed ExoPhones affected per direction and every other known ExoPhone healthy', () => {
    const states = deriveHealth(
      parseHeartbeat({
        status_type: 'WARNING',
        incoming_affected: ['08069891522'],
        outgoing_affected: null,
        data: { '08069891522': { phone_number: '+918069891522' } },
      }),
      known,
    );
    expect(stateOf(states, '08069891522', 'incoming')).toBe('affected');
    expect(stateOf(states, '08069891522', 'outgoing')).toBe('healthy');
    expect(stateOf(states, 'exo-2', 'incoming')).toBe('healthy');
    expect(states).toHaveLength(4);
  });

  it('maps a national-form entry to the listed ExoPhone with that number (0… vs +91…)', () => {
    const states = deriveHealth(
      parseHeartbeat({ status_type: 'WARNING', outgoing_affected: ['08069891523'] }),
      known,
    );
    expect(stateOf(states, 'exo-2', 'outgoing')).toBe('affected');
    expect(states?.some((s) => s.sid === '08069891523')).toBe(false);
  });

  it('learns unknown ExoPhones from data (shape A number) and reads outages from shapes B and C', () => {
    const states = deriveHealth(
      parseHeartbeat({
        status_type: 'WARNING',
        incoming_affected: ['new-1'],
        data: {
          'new-1': { phone_number: '08012345678' },
          'exo-2': { connectivity: { outgoing_call: { status: 'major_outage' } } },
          '08069891522': { incoming_call: { status: 'major_outage' } },
        },
      }),
      known,
    );
    expect(states?.find((s) => s.sid === 'new-1')?.phoneNumber).toBe('+918012345678');
    expect(stateOf(states, 'new-1', 'incoming')).toBe('affected');
    expect(stateOf(states, 'exo-2', 'outgoing')).toBe('affected');
    expect(stateOf(states, 'exo-2', 'incoming')).toBe('healthy');
    expect(stateOf(states, '08069891522', 'incoming')).toBe('affected');
  });

  it('reads a CRITICAL heartbeat that lists nobody as every ExoPhone affected, and PAYLOAD_TOO_LARGE as no information', () => {
    const critical = deriveHealth(parseHeartbeat({ status_type: 'CRITICAL' }), known);
    expect(critical?.every((s) => s.state === 'affected')).toBe(true);
    expect(deriveHealth(parseHeartbeat({ status_type: 'PAYLOAD_TOO_LARGE' }), known)).toBeNull();
  });

  it('reads CRITICAL as every known ExoPhone affected in the directions it names, listed or not', () => {
    // "CRITICAL: all affected" (https://developer.exotel.com/api/heart-beat), even when one is listed.
    const incomingOnly = deriveHealth(
      parseHeartbeat({ status_type: 'CRITICAL', incoming_affected: ['08069891522'], outgoing_affected: [] }),
      known,
    );
    expect(incomingOnly?.filter((s) => s.state === 'affected').map((s) => [s.sid, s.direction])).toEqual([
      ['08069891522', 'incoming'],
      ['exo-2', 'incoming'],
    ]);
    const byData = deriveHealth(
      parseHeartbeat({
        status_type: 'CRITICAL',
        data: { 'exo-2': { connectivity: { outgoing_call: { status: 'major_outage' } } } },
      }),
      known,
    );
    expect(byData?.filter((s) => s.state === 'affected').map((s) => [s.sid, s.direction])).toEqual([
      ['08069891522', 'outgoing'],
      ['exo-2', 'outgoing'],
    ]);
  });

  it('keeps the alternate ExoPhone Exotel suggests per direction (shape B)', () => {
    const states = deriveHealth(
      parseHeartbeat({
        status_type: 'WARNING',
        incoming_affected: ['exo-2'],
        data: heartbeatIncomingOutage('exo-2'),
      }),
      known,
    );
    expect(states?.filter((s) => s.sid === 'exo-2').map((s) => [s.direction, s.alternateExophone])).toEqual([
      ['incoming', '+918069891599'],
      ['outgoing', null],
    ]);
  });
});

describe('health history plans', () => {
  const period = (state: OpenPeriod['state'], startedAt: Date, lastSeenAt: Date | null): OpenPeriod => ({
    sid: 's1',
    direction: 'incoming',
    state,
    phoneNumber: '+918069891522',
    alternateExophone: null,
    startedAt,
    lastSeenAt,
  });
  const heartbeatSays = (state: 'healthy' | 'affected', alternateExophone: string | null = null) => [
    { sid: 's1', phoneNumber: null, direction: 'incoming' as const, state, alternateExophone },
  ];

  it('extends a confirmed state and starts a new period on a change', () => {
    const same = planHeartbeat(
      [period('healthy', t(0), t(5))],
      heartbeatSays('healthy', '+918069891599'),
      t(10),
      t(5),
      INTERVAL,
    );
    expect(same.extend).toEqual([
      {
        sid: 's1',
        direction: 'incoming',
        startedAt: t(0),
        lastSeenAt: t(10),
        phoneNumber: '+918069891522',
        alternateExophone: '+918069891599',
      },
    ]);
    expect(same.insert).toEqual([]);
    const change = planHeartbeat(
      [period('healthy', t(0), t(5))],
      heartbeatSays('affected'),
      t(10),
      t(5),
      INTERVAL,
    );
    expect(change.close).toEqual([{ sid: 's1', direction: 'incoming', startedAt: t(0), endedAt: t(10) }]);
    expect(change.insert).toMatchObject([{ state: 'affected', startedAt: t(10), endedAt: null }]);
  });

  it('records a silence longer than two intervals as unknown, even when the state is unchanged', () => {
    const plan = planHeartbeat(
      [period('healthy', t(0), t(5))],
      heartbeatSays('healthy'),
      t(40),
      t(5),
      INTERVAL,
    );
    expect(plan.close).toEqual([{ sid: 's1', direction: 'incoming', startedAt: t(0), endedAt: t(10) }]);
    expect(plan.insert).toMatchObject([
      { state: 'unknown', startedAt: t(10), endedAt: t(40) },
      { state: 'healthy', startedAt: t(40), endedAt: null },
    ]);
  });

  it('turns states unknown after silence, from one interval after the last heartbeat', () => {
    const open = [period('affected', t(0), t(5))];
    expect(planSilence(open, [], t(15), t(5), INTERVAL)).toEqual({
      close: [],
      restate: [],
      extend: [],
      insert: [],
    });
    const plan = planSilence(open, [], t(16), t(5), INTERVAL);
    expect(plan.close).toEqual([{ sid: 's1', direction: 'incoming', startedAt: t(0), endedAt: t(10) }]);
    expect(plan.insert).toMatchObject([{ state: 'unknown', startedAt: t(10), endedAt: null }]);
  });

  it('starts ExoPhones from the list with no history as unknown', () => {
    const plan = planSilence([], [{ sid: 'new', phoneNumber: null }], t(0), null, INTERVAL);
    expect(plan.insert.map((p) => [p.sid, p.direction, p.state])).toEqual([
      ['new', 'incoming', 'unknown'],
      ['new', 'outgoing', 'unknown'],
    ]);
  });

  it('overwrites a provisional unknown period when an earlier heartbeat is applied late', () => {
    const plan = planHeartbeat(
      [period('unknown', t(10), null)],
      heartbeatSays('healthy'),
      t(9),
      null,
      INTERVAL,
    );
    expect(plan.restate).toMatchObject([{ startedAt: t(10), state: 'healthy', lastSeenAt: t(9) }]);
    expect(plan.insert).toEqual([]);
  });

  it('reports a stored state as unknown once the last heartbeat is more than two intervals old', () => {
    expect(effectiveState('healthy', t(0), t(10), INTERVAL)).toBe('healthy');
    expect(effectiveState('healthy', t(0), t(11), INTERVAL)).toBe('unknown');
    expect(effectiveState('affected', null, t(0), INTERVAL)).toBe('unknown');
  });
});
