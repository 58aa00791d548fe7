import { cleanOfSlots, planRange } from './plan';

const H = 3_600_000;
const day0 = new Date('2026-01-04T18:30:00Z').getTime(); // midnight in India
const zone = 'Asia/Kolkata';

describe('range planning', () => {
  it('uses whole clean days, then whole clean hours, and the raw tables for the rest', () => {
    const from = day0 - 2 * H - 15 * 60_000;
    const to = day0 + 24 * H + 3 * H;
    const dirtyHour = day0 + 24 * H + H;
    const plan = planRange({ from, to, zone, rollup: 'day', clean: cleanOfSlots([dirtyHour + 30 * 60_000]) });
    expect(plan.days).toEqual([day0]);
    expect(plan.hours).toEqual([day0 - 2 * H, day0 - H, day0 + 24 * H, day0 + 24 * H + 2 * H]);
    expect(plan.raw).toEqual([
      [from, day0 - 2 * H],
      [dirtyHour, dirtyHour + H],
    ]);
  });

  it('goes raw entirely when no rollup applies, and never past computedUntil', () => {
    expect(planRange({ from: 0, to: 10, zone, rollup: 'none', clean: () => true })).toEqual({
      days: [],
      hours: [],
      raw: [[0, 10]],
    });
    const plan = planRange({
      from: day0,
      to: day0 + 48 * H,
      zone,
      rollup: 'day',
      noHours: true,
      computedUntil: day0 + 24 * H,
      clean: () => true,
    });
    expect(plan).toEqual({ days: [day0], hours: [], raw: [[day0 + 24 * H, day0 + 48 * H]] });
  });

  it('never uses a rollup bucket starting before computedFrom', () => {
    const plan = planRange({
      from: day0,
      to: day0 + 4 * H,
      zone,
      rollup: 'hour',
      computedFrom: day0 + 2 * H,
      clean: () => true,
    });
    expect(plan).toEqual({ days: [], hours: [day0 + 2 * H, day0 + 3 * H], raw: [[day0, day0 + 2 * H]] });
    const none = planRange({
      from: day0,
      to: day0 + H,
      zone,
      rollup: 'hour',
      computedFrom: Infinity,
      clean: () => true,
    });
    expect(none).toEqual({ days: [], hours: [], raw: [[day0, day0 + H]] });
  });
});
