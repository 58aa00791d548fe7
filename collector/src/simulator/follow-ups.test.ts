import { isMissed } from './follow-ups';
import { groundTruth } from './ground-truth';
import { resolveOptions } from './options';
import { SimulatedAccount } from './simulated-account';
import type { SimCall } from './sim-call';
import { SLOT_MS } from './traffic';

const account = (seed = 'follow-ups') => new SimulatedAccount(resolveOptions({ seed, callsPerDay: 5000 }));
const DAY = Date.parse('2025-02-03T00:00:00+05:30'); // a Monday
const HOUR = 3_600_000;

function callsBetween(sim: SimulatedAccount, from: number, to: number): SimCall[] {
  const calls: SimCall[] = [];
  for (let slot = from / SLOT_MS; slot < to / SLOT_MS; slot++) calls.push(...sim.traffic.slotCalls(slot));
  return calls;
}

describe('follow-ups of missed calls in the simulator', () => {
  const sim = account();
  const truth = groundTruth(sim, () => DAY + 3 * 24 * HOUR);
  const followUps = truth.followUps({ from: DAY, to: DAY + 24 * HOUR });

  it('are the same for the same seed and change with it', () => {
    expect(followUps.length).toBeGreaterThan(200);
    expect(
      groundTruth(account(), () => DAY + 3 * 24 * HOUR).followUps({ from: DAY, to: DAY + 24 * HOUR }),
    ).toEqual(followUps);
    const other = groundTruth(account('other'), () => DAY + 3 * 24 * HOUR).followUps({
      from: DAY,
      to: DAY + 24 * HOUR,
    });
    expect(other.map((f) => f.sid)).not.toEqual(followUps.map((f) => f.sid));
  });

  it('connect with the customer of an earlier missed call through the ExoPhone they called', () => {
    for (const f of followUps) {
      const call = sim.traffic.findCall(f.sid)!;
      const missed = sim.traffic.findCall(f.missedSid)!;
      expect(isMissed(missed)).toBe(true);
      expect(call.customer).toBe(missed.customer);
      expect(call.exophone).toBe(missed.exophone);
      expect(call.createdMs).toBeGreaterThan(missed.createdMs);
      expect(call.status).toBe('completed');
      expect(call.agent!.teamIndex).toBe(missed.exophone.teamIndex);
      if (f.kind === 'callback') expect(call.direction).not.toBe('inbound');
      else expect(call.direction).toBe('inbound');
    }
    expect(new Set(followUps.map((f) => f.kind))).toEqual(new Set(['callback', 'call-again']));
  });

  it('follow up most daytime missed calls, some within two hours, some later, some never', () => {
    // Missed between 09:00 and 14:00: their follow-ups (at most 10 h later) fall inside the day walked.
    const missed = callsBetween(sim, DAY + 9 * HOUR, DAY + 14 * HOUR).filter(isMissed);
    const followed = new Map(followUps.map((f) => [f.missedSid, sim.traffic.findCall(f.sid)!]));
    const delays = missed.flatMap((m) => {
      const f = followed.get(m.sid);
      return f ? [f.createdMs - m.createdMs] : [];
    });
    expect(missed.length).toBeGreaterThan(300);
    expect(delays.length / missed.length).toBeGreaterThan(0.6);
    expect(delays.length / missed.length).toBeLessThan(0.95);
    const late = delays.filter((d) => d > 2 * HOUR).length;
    expect(late / delays.length).toBeGreaterThan(0.1);
    expect(late / delays.length).toBeLessThan(0.4);
  });

  it('leave the traffic as generated: same counts, times, outcomes and Sids', () => {
    for (let slot = (DAY + 10 * HOUR) / SLOT_MS; slot < (DAY + 11 * HOUR) / SLOT_MS; slot++) {
      const generated = sim.traffic.generatedCalls(slot);
      const final = new Map(sim.traffic.slotCalls(slot).map((c) => [c.sid, c]));
      expect(final.size).toBe(generated.length);
      for (const call of generated) {
        const { customer: _c, exophone: _x, agent: _a, flowId: _f, ...rest } = final.get(call.sid)!;
        const { customer: _c2, exophone: _x2, agent: _a2, flowId: _f2, ...expected } = call;
        expect(rest).toEqual(expected);
      }
    }
  });
});
