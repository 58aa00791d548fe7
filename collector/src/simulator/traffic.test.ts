import { SimulatedAccount } from './simulated-account';
import { resolveOptions } from './options';
import { SLOT_MS } from './traffic';
import type { SimCall } from './sim-call';

const account = (overrides: Parameters<typeof resolveOptions>[0] = {}): SimulatedAccount =>
  new SimulatedAccount(resolveOptions({ callsPerDay: 5000, ...overrides }));

const firstSlot = Math.floor(Date.parse('2025-02-03T04:00:00Z') / SLOT_MS); // a Monday, 09:30 IST

function callsOfSlots(sim: SimulatedAccount, from: number, count: number): SimCall[] {
  const calls: SimCall[] = [];
  for (let slot = from; slot < from + count; slot++) calls.push(...sim.traffic.slotCalls(slot));
  return calls;
}

describe('traffic model', () => {
  it('generates the same calls for the same seed and different calls for another seed', () => {
    const a = callsOfSlots(account({ seed: 'alpha' }), firstSlot, 30);
    const again = callsOfSlots(account({ seed: 'alpha' }), firstSlot, 30);
    const other = callsOfSlots(account({ seed: 'beta' }), firstSlot, 30);
    expect(a.length).toBeGreaterThan(50);
    expect(again).toEqual(a);
    const otherSids = new Set(other.map((call) => call.sid));
    expect(a.filter((call) => otherSids.has(call.sid))).toHaveLength(0);
  });

  it('produces about callsPerDay calls a day over a week, more on weekday afternoons than at night', () => {
    const sim = account({ callsPerDay: 3000 });
    const weekStart = Math.floor(Date.parse('2025-02-02T18:30:00Z') / SLOT_MS); // Monday 00:00 IST
    let total = 0;
    for (let slot = weekStart; slot < weekStart + 7 * 1440; slot++) total += sim.traffic.callCount(slot);
    expect(total / 7).toBeGreaterThan(2700);
    expect(total / 7).toBeLessThan(3300);
    const hourCount = (startSlot: number): number =>
      Array.from({ length: 60 }, (_, i) => sim.traffic.callCount(startSlot + i)).reduce(
        (sum, n) => sum + n,
        0,
      );
    expect(hourCount(weekStart + 11 * 60)).toBeGreaterThan(5 * hourCount(weekStart + 3 * 60));
  });

  it('orders a slot by creation second, then Sid, and keeps every call in its minute', () => {
    const sim = account();
    for (let slot = firstSlot; slot < firstSlot + 20; slot++) {
      const calls = sim.traffic.slotCalls(slot);
      expect(calls).toHaveLength(sim.traffic.callCount(slot));
      for (let i = 0; i < calls.length; i++) {
        const call = calls[i]!;
        expect(Math.floor(call.createdMs / SLOT_MS)).toBe(slot);
        expect(call.createdMs % 1000).toBe(0);
        const previous = calls[i - 1];
        if (previous) {
          expect(
            previous.createdMs < call.createdMs ||
              (previous.createdMs === call.createdMs && previous.sid < call.sid),
          ).toBe(true);
        }
      }
    }
  });

  it('finds any generated call by its Sid, and nothing for Sids it never made', () => {
    const sim = account();
    const calls = callsOfSlots(sim, firstSlot, 10);
    for (const call of calls) expect(sim.traffic.findCall(call.sid)).toBe(call);
    const sid = calls[0]!.sid;
    const tampered = sid.slice(0, 31) + (sid[31] === '0' ? '1' : '0');
    expect(sim.traffic.findCall(tampered)).toBeNull();
    expect(sim.traffic.findCall('not-a-sid')).toBeNull();
    expect(account({ seed: 'other' }).traffic.findCall(sid)).toBeNull();
  });

  it('models directions, outcomes and IVR-only inbound calls consistently', () => {
    const calls = callsOfSlots(account(), firstSlot, 240);
    const directions = new Set(calls.map((call) => call.direction));
    expect([...directions].sort()).toEqual(['inbound', 'outbound-api', 'outbound-dial']);
    expect(new Set(calls.map((call) => call.status))).toEqual(
      new Set(['completed', 'no-answer', 'busy', 'failed']),
    );
    const ivrOnly = calls.filter((call) => call.leg2Status === null);
    expect(ivrOnly.length).toBeGreaterThan(0);
    for (const call of ivrOnly) {
      expect(call.direction).toBe('inbound');
      expect(call.agent).toBeNull();
      expect(call.conversationSec).toBe(0);
    }
    for (const call of calls) {
      expect(call.endMs).toBe(call.createdMs + call.durationSec * 1000);
      expect(call.settledMs).toBeGreaterThanOrEqual(call.endMs + 60_000);
      expect(call.settledMs).toBeLessThanOrEqual(call.endMs + 300_000);
      expect(call.conversationSec > 0).toBe(call.status === 'completed' && call.leg2Status !== null);
      if (call.direction !== 'inbound') expect(call.agent).not.toBeNull();
    }
  });

  it('gives ExoPhones regions, E.164 numbers and sids that are not the number', () => {
    const { exophones, teams } = account({ exophones: 10 }).model;
    expect(exophones).toHaveLength(10);
    expect(new Set(exophones.map((exophone) => exophone.region))).toEqual(
      new Set(['KA', 'MH', 'DL', 'TN', 'WB', 'AP', 'GJ']),
    );
    for (const exophone of exophones) {
      expect(exophone.e164).toMatch(/^\+91\d{10}$/);
      expect(exophone.national).toBe('0' + exophone.e164.slice(3));
      expect(exophone.sid).toMatch(/^0\d{10}$/);
      expect(exophone.sid).not.toBe(exophone.national);
    }
    expect(new Set(exophones.map((exophone) => exophone.inboundFlowId)).size).toBe(10);
    expect(teams.every((team) => team.agents.length === 8)).toBe(true);
  });
});
