import { canonicalJson, eventKey } from './eventKey';

describe('event keys', () => {
  it('writes JSON with sorted keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives a heartbeat the same key whatever the key order, and a different one per account', () => {
    const a = eventKey('heartbeat', 'acme', { status_type: 'OK', timestamp: 't1' });
    expect(eventKey('heartbeat', 'acme', { timestamp: 't1', status_type: 'OK' })).toBe(a);
    expect(eventKey('heartbeat', 'globex', { status_type: 'OK', timestamp: 't1' })).not.toBe(a);
    expect(eventKey('heartbeat', 'acme', { status_type: 'OK', timestamp: 't2' })).not.toBe(a);
  });

  it('treats a Passthru retry with a fresh CurrentTime as the same event, but not a later applet', () => {
    const first = eventKey('passthru', 'acme', {
      CallSid: 'c1',
      CallType: 'call-attempt',
      CurrentTime: '2024-07-31 16:43:02',
    });
    const retry = eventKey('passthru', 'acme', {
      CallSid: 'c1',
      CallType: 'call-attempt',
      CurrentTime: '2024-07-31 16:43:20',
    });
    const later = eventKey('passthru', 'acme', {
      CallSid: 'c1',
      CallType: 'completed',
      CurrentTime: '2024-07-31 16:45:00',
    });
    expect(retry).toBe(first);
    expect(later).not.toBe(first);
    expect(eventKey('status-callback', 'acme', { CallSid: 'c1', CallType: 'call-attempt' })).not.toBe(first);
  });

  it('keeps the keys already stored: a journal replayed after an upgrade must collide with its rows', () => {
    const passthru = {
      CallSid: 'c1',
      CallType: 'call-attempt',
      CurrentTime: '2024-07-31 16:43:02',
      digits: '"1"',
      __proto__x: 'y',
    };
    expect(eventKey('passthru', 'acme', passthru)).toBe('6q5qlIf1FPUU7zjpf58knG3YI1YOg8XQGuQ2vjhqYV0');
    const heartbeat = { timestamp: 't1', status_type: 'OK', data: { b: [1, { d: null, c: 'é' }], a: true } };
    expect(eventKey('heartbeat', 'acme', heartbeat)).toBe('WYAahDWwI2LM3hc1PnochusuTNzP8eBW5MZRG9fwukg');
  });
});
