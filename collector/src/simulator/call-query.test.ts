import type { CallFilter, TimeWindow } from './call-query';
import { isVisible } from './call-view';
import { resolveOptions } from './options';
import { SimulatedAccount } from './simulated-account';

const sim = new SimulatedAccount(resolveOptions({ callsPerDay: 4000 }));
const { queries } = sim;
const t = (iso: string): number => Date.parse(iso);
const longAfter = t('2025-06-01T00:00:00Z');
const sids = (window: TimeWindow, filter: CallFilter, order: 'asc' | 'desc', now: number): string[] =>
  [...queries.walk(window, filter, order, null, now)].map((call) => call.sid);

describe('call queries', () => {
  it('gives the same calls for [a, c] as for [a, b) followed by [b, c]', () => {
    const a = t('2025-02-03T03:17:00Z');
    const b = t('2025-02-03T05:41:30Z');
    const c = t('2025-02-03T09:02:59Z');
    const whole = sids({ fromMs: a, toMs: c }, {}, 'asc', longAfter);
    const parts = [
      ...sids({ fromMs: a, toMs: b - 1 }, {}, 'asc', longAfter),
      ...sids({ fromMs: b, toMs: c }, {}, 'asc', longAfter),
    ];
    expect(whole.length).toBeGreaterThan(500);
    expect(parts).toEqual(whole);
    expect(sids({ fromMs: a, toMs: c }, {}, 'desc', longAfter)).toEqual([...whole].reverse());
  });

  it('honours the inclusive window to the second', () => {
    const window = { fromMs: t('2025-02-03T04:00:10Z'), toMs: t('2025-02-03T04:10:20Z') };
    const calls = [...queries.walk(window, {}, 'asc', null, longAfter)];
    expect(calls.every((call) => call.createdMs >= window.fromMs && call.createdMs <= window.toMs)).toBe(
      true,
    );
    const wider = [
      ...queries.walk(
        { fromMs: window.fromMs - 60_000, toMs: window.toMs + 60_000 },
        {},
        'asc',
        null,
        longAfter,
      ),
    ];
    expect(wider.filter((call) => call.createdMs >= window.fromMs && call.createdMs <= window.toMs)).toEqual(
      calls,
    );
  });

  it('returns only calls that have ended by now', () => {
    const now = t('2025-02-03T06:00:00Z');
    const window = { fromMs: now - 3_600_000, toMs: now + 3_600_000 };
    const visible = [...queries.walk(window, {}, 'asc', null, now)];
    expect(visible.every((call) => isVisible(call, now))).toBe(true);
    const later = [...queries.walk(window, {}, 'asc', null, now + 7_200_000)];
    expect(later.length).toBeGreaterThan(visible.length);
  });

  it('resumes strictly after a position', () => {
    const window = { fromMs: t('2025-02-03T04:00:00Z'), toMs: t('2025-02-03T05:00:00Z') };
    const all = [...queries.walk(window, {}, 'asc', null, longAfter)];
    const middle = all[Math.floor(all.length / 2)]!;
    expect([...queries.walk(window, {}, 'asc', middle, longAfter)]).toEqual(
      all.slice(all.indexOf(middle) + 1),
    );
    expect([...queries.walk(window, {}, 'desc', middle, longAfter)]).toEqual(
      all.slice(0, all.indexOf(middle)).reverse(),
    );
  });

  it.each<[string, CallFilter]>([
    ['no filter', {}],
    ['Status', { statuses: new Set(['completed', 'in-progress']) }],
    ['Direction', { directions: new Set(['outbound-api']) }],
    ['PhoneNumber', { phoneNumbers: new Set([sim.model.exophones[0]!.e164]) }],
  ])(
    'counts exactly what it walks (%s), for settled history and for the unsettled last hours',
    (_name, filter) => {
      const now = t('2025-02-05T10:30:00Z');
      for (const window of [
        { fromMs: t('2025-02-01T00:00:00Z'), toMs: t('2025-02-05T23:59:59Z') },
        { fromMs: t('2025-02-02T13:14:15Z'), toMs: t('2025-02-04T16:17:18Z') },
      ]) {
        const walked = [...queries.walk(window, filter, 'asc', null, now)];
        expect(queries.count(window, filter, now)).toBe(walked.length);
        expect(queries.count(window, filter, now)).toBe(walked.length); // again, from the chunk cache
      }
    },
  );

  it('applies filters to what the API shows at now', () => {
    const window = { fromMs: t('2025-02-03T04:00:00Z'), toMs: t('2025-02-03T08:00:00Z') };
    const exophone = sim.model.exophones[2]!;
    const inbound = [
      ...queries.walk(
        window,
        { directions: new Set(['inbound']), phoneNumbers: new Set([exophone.e164]) },
        'asc',
        null,
        longAfter,
      ),
    ];
    expect(inbound.length).toBeGreaterThan(0);
    expect(inbound.every((call) => call.direction === 'inbound' && call.exophone === exophone)).toBe(true);
    const some = sids(window, {}, 'asc', longAfter).filter((_, i) => i % 97 === 0);
    const bySid = sids(window, { sids: new Set(some) }, 'asc', longAfter);
    expect(bySid).toEqual(some);
  });
});
