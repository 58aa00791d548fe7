import { DateTime } from 'luxon';
import { groundTruth } from './ground-truth';
import { resolveOptions } from './options';
import { SimulatedAccount } from './simulated-account';
import { SLOT_MS } from './traffic';

const ZONE = 'Asia/Kolkata';
const account = (overrides: Parameters<typeof resolveOptions>[0] = {}) =>
  new SimulatedAccount(resolveOptions({ seed: 'silent', callsPerDay: 4000, exophones: 6, ...overrides }));
const MONDAY = DateTime.fromISO('2026-11-02T00:00', { zone: ZONE });
const WEEKS = 6;

describe('the silent ExoPhone outage', () => {
  const sim = account();
  const outages = sim.silentOutages!.between(MONDAY.toMillis(), MONDAY.plus({ weeks: WEEKS }).toMillis());

  it('silences one ExoPhone a week, on a weekday from 10:00 to 14:00 local, from the seed', () => {
    expect(outages).toHaveLength(WEEKS);
    outages.forEach((outage, week) => {
      const start = DateTime.fromMillis(outage.startMs, { zone: ZONE });
      expect(start >= MONDAY.plus({ weeks: week }) && start < MONDAY.plus({ weeks: week + 1 })).toBe(true);
      expect(start.weekday).toBeLessThanOrEqual(5);
      expect(start.toFormat('HH:mm')).toBe('10:00');
      expect(outage.endMs - outage.startMs).toBe(4 * 3_600_000);
      expect(sim.model.exophones).toContain(outage.exophone);
    });
    expect(new Set(outages.map((o) => o.exophone.index)).size).toBeGreaterThan(1);
    const again = account().silentOutages!.between(
      MONDAY.toMillis(),
      MONDAY.plus({ weeks: WEEKS }).toMillis(),
    );
    expect(again.map((o) => [o.exophone.e164, o.startMs])).toEqual(
      outages.map((o) => [o.exophone.e164, o.startMs]),
    );
  });

  it('sends no incoming call to the silent ExoPhone while it lasts, and the same volume to the account', () => {
    const quietSim = account({ silentOutages: false });
    for (const outage of outages.slice(0, 2)) {
      const slots: number[] = [];
      for (let t = outage.startMs - 3_600_000; t < outage.endMs + 3_600_000; t += SLOT_MS)
        slots.push(t / SLOT_MS);
      const inbound = (s: SimulatedAccount, from: number, to: number) =>
        slots
          .flatMap((slot) => s.traffic.slotCalls(slot))
          .filter((c) => c.direction === 'inbound' && c.createdMs >= from && c.createdMs < to);
      const during = inbound(sim, outage.startMs, outage.endMs);
      expect(during.length).toBeGreaterThan(100);
      expect(during.filter((c) => c.exophone === outage.exophone)).toEqual([]);
      // The hour before, the same ExoPhone rang as usual.
      expect(
        inbound(sim, outage.startMs - 3_600_000, outage.startMs).some((c) => c.exophone === outage.exophone),
      ).toBe(true);
      // Its callers dialled the other numbers: the account's volume is what it would have been.
      expect(during.length).toBe(inbound(quietSim, outage.startMs, outage.endMs).length);
    }
  });

  it('is in the ground truth, and absent when switched off or with a single ExoPhone', () => {
    const truth = groundTruth(sim, () => MONDAY.plus({ weeks: WEEKS }).toMillis());
    const listed = truth.silentOutages({
      from: MONDAY.toMillis(),
      to: MONDAY.plus({ weeks: WEEKS }).toMillis(),
    });
    expect(listed).toEqual(
      outages.map((o) => ({
        exophone: o.exophone.e164,
        team: sim.model.teams[o.exophone.teamIndex]!.name,
        from: o.startMs,
        to: o.endMs,
      })),
    );
    const off = account({ silentOutages: false });
    expect(off.silentOutages).toBeNull();
    expect(
      groundTruth(off, () => 0).silentOutages({
        from: MONDAY.toMillis(),
        to: MONDAY.plus({ weeks: 1 }).toMillis(),
      }),
    ).toEqual([]);
    expect(account({ exophones: 1 }).silentOutages).toBeNull();
  });
});
