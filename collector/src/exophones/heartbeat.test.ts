import { WebhookInputError } from '../inputError';
import { parseHeartbeat } from './heartbeat';

describe('parseHeartbeat', () => {
  it('reads shape A (data[sid].phone_number), normalising the number', () => {
    const event = parseHeartbeat({
      timestamp: '2018-08-22T15:19:23Z',
      status_type: 'WARNING',
      incoming_affected: ['08069891522'],
      outgoing_affected: [],
      data: { '08069891522': { phone_number: '+918069891522' } },
    });
    expect(event.statusType).toBe('WARNING');
    expect(event.sentAt?.toISOString()).toBe('2018-08-22T15:19:23.000Z');
    expect(event.incomingAffected).toEqual(['08069891522']);
    expect(event.details.get('08069891522')).toEqual({
      phoneNumber: '+918069891522',
      incoming: null,
      outgoing: null,
      incomingAlternate: null,
      outgoingAlternate: null,
    });
  });

  it('reads shape B (connectivity blocks) and shape C (direction blocks at the top)', () => {
    const b = parseHeartbeat({
      status_type: 'WARNING',
      incoming_affected: ['sid-b'],
      data: {
        'sid-b': {
          connectivity: {
            incoming_call: {
              status: 'major_outage',
              last_check_time: '2024-01-01T00:00:00Z',
              alternate_exophone: '08069891599',
            },
            outgoing_call: { status: 'active', alternate_exophone: null },
          },
        },
      },
    });
    expect(b.details.get('sid-b')).toEqual({
      phoneNumber: null,
      incoming: 'major_outage',
      outgoing: 'active',
      incomingAlternate: '+918069891599',
      outgoingAlternate: null,
    });
    const c = parseHeartbeat({
      status_type: 'WARNING',
      data: { 'sid-c': { incoming_call: { status: 'MAJOR_OUTAGE' } } },
    });
    expect(c.details.get('sid-c')).toMatchObject({
      phoneNumber: null,
      incoming: 'major_outage',
      outgoing: null,
    });
  });

  it('treats null or absent arrays as empty and accepts an OK heartbeat without data', () => {
    const event = parseHeartbeat({ status_type: 'ok', incoming_affected: null, timestamp: 'not a time' });
    expect(event).toMatchObject({
      statusType: 'OK',
      incomingAffected: [],
      outgoingAffected: [],
      sentAt: null,
    });
    expect(event.details.size).toBe(0);
  });

  it('refuses bodies that are not heartbeats', () => {
    for (const body of [null, [], 'OK', 42, {}, { hello: 'world' }]) {
      expect(() => parseHeartbeat(body)).toThrow(WebhookInputError);
    }
    expect(() => parseHeartbeat({ status_type: 'WARNING', incoming_affected: [{ sid: 1 }] })).toThrow(
      /incoming_affected/,
    );
  });
});
