import { deriveHealth } from './health';
import { heartbeatFromDetails } from './details';

/**
 * `response[0].data` of the ExoPhone details API (https://developer.exotel.com/api/get-details-of-an-exophone:
 * sid, date_created, date_updated, friendly_name, account_sid as in its example) with the
 * connectivity blocks of the heartbeat docs (exotel-api.md §2 shape B).
 */
const details = (sid: string, incoming: string, outgoing: string, alternate: string | null = null) => ({
  sid,
  date_created: '2018-08-22T12:22:49Z',
  date_updated: '2018-08-24T11:25:49Z',
  friendly_name: sid,
  account_sid: 'acme',
  connectivity: {
    incoming_call: {
      status: incoming,
      last_check_time: '2018-08-24T11:25:49Z',
      alternate_exophone: alternate,
    },
    outgoing_call: { status: outgoing, last_check_time: '2018-08-24T11:25:49Z', alternate_exophone: null },
  },
});

describe('heartbeatFromDetails', () => {
  it('turns each ExoPhone’s connectivity into the states a heartbeat would give, alternates kept', () => {
    const heartbeat = heartbeatFromDetails([
      details('01139585476', 'major_outage', 'active', '01139585477'),
      details('01139585477', 'active', 'active'),
    ]);
    expect(heartbeat.statusType).toBe('WARNING');
    const states = deriveHealth(heartbeat, []);
    expect(states?.map((s) => [s.sid, s.direction, s.state, s.alternateExophone])).toEqual([
      ['01139585476', 'incoming', 'affected', '+911139585477'],
      ['01139585476', 'outgoing', 'healthy', null],
      ['01139585477', 'incoming', 'healthy', null],
      ['01139585477', 'outgoing', 'healthy', null],
    ]);
  });

  it('is OK when every ExoPhone is active, and leaves an ExoPhone without connectivity healthy', () => {
    expect(heartbeatFromDetails([details('a', 'active', 'active')]).statusType).toBe('OK');
    const states = deriveHealth(heartbeatFromDetails([{ sid: 'b' }]), []);
    expect(states?.every((s) => s.state === 'healthy')).toBe(true);
  });
});
