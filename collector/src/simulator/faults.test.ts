import { FaultInjector } from './faults';

const sequence = (injector: FaultInjector, n: number) => Array.from({ length: n }, () => injector.decide());

describe('fault injector', () => {
  it('injects nothing by default', () => {
    const decisions = sequence(new FaultInjector(), 1000);
    expect(decisions.every((d) => d.failure === null && !d.truncateBody && !d.duplicateAcrossPages)).toBe(
      true,
    );
  });

  it('repeats the same faults for the same seed and differs for another', () => {
    const settings = { serverError: 0.2, timeout: 0.1, truncatedBody: 0.1, duplicateAcrossPages: 0.3 };
    const a = sequence(new FaultInjector({ ...settings, seed: 7 }), 200);
    expect(sequence(new FaultInjector({ ...settings, seed: 7 }), 200)).toEqual(a);
    expect(sequence(new FaultInjector({ ...settings, seed: 8 }), 200)).not.toEqual(a);
  });

  it('hits each kind at about its probability', () => {
    const injector = new FaultInjector({
      tooManyRequests: 0.1,
      serverError: 0.2,
      timeout: 0.05,
      truncatedBody: 0.3,
      timeoutMode: 'mixed',
    });
    const decisions = sequence(injector, 20_000);
    const share = (predicate: (d: (typeof decisions)[number]) => boolean): number =>
      decisions.filter(predicate).length / decisions.length;
    expect(share((d) => d.failure?.kind === 'tooManyRequests')).toBeCloseTo(0.1, 1);
    expect(share((d) => d.failure?.kind === 'serverError')).toBeCloseTo(0.2, 1);
    expect(share((d) => d.failure?.kind === 'timeout')).toBeCloseTo(0.05, 1);
    expect(share((d) => d.truncateBody)).toBeCloseTo(0.3, 1);
    const statuses = new Set(
      decisions.flatMap((d) => (d.failure?.kind === 'serverError' ? [d.failure.status] : [])),
    );
    expect(statuses).toEqual(new Set([500, 502, 503]));
    const drops = new Set(
      decisions.flatMap((d) => (d.failure?.kind === 'timeout' ? [d.failure.dropSocket] : [])),
    );
    expect(drops).toEqual(new Set([true, false]));
  });

  it('validates settings and restarts the sequence on a new seed', () => {
    expect(() => new FaultInjector({ tooManyRequests: 0.6, serverError: 0.6 })).toThrow(/must not exceed 1/);
    expect(() => new FaultInjector({ timeout: 2 })).toThrow();
    const injector = new FaultInjector({ serverError: 0.5, seed: 3 });
    const first = sequence(injector, 20);
    injector.update({ seed: 3 });
    expect(sequence(injector, 20)).toEqual(first);
    injector.update({ serverError: 0 });
    expect(sequence(injector, 50).every((d) => d.failure === null)).toBe(true);
  });
});
