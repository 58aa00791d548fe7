import { INTERVALS, MAX_BUCKETS, WHOLE_RANGE } from '../constants';

const KNOWN = new Set([...INTERVALS.map((i) => i.name), WHOLE_RANGE]);

export function isCollectorInterval(name: string): boolean {
  return KNOWN.has(name);
}

/**
 * The collector interval for a query: the one chosen in the editor, or (empty) the smallest collector
 * interval at least as long as Grafana's suggested interval. Either way it is widened until the range
 * fits in the collector's bucket limit.
 */
export function pickInterval(chosen: string, grafanaIntervalMs: number, rangeMs: number): string {
  if (chosen === WHOLE_RANGE) {
    return WHOLE_RANGE;
  }
  if (chosen !== '' && !isCollectorInterval(chosen)) {
    throw new Error(
      `interval "${chosen}" is not one the collector knows; use ${[...INTERVALS.map((i) => i.name), WHOLE_RANGE].join(', ')} or leave it empty for auto`
    );
  }
  const floor = chosen === '' ? grafanaIntervalMs : INTERVALS.find((i) => i.name === chosen)!.ms;
  const fits = INTERVALS.find((i) => i.ms >= floor && rangeMs / i.ms <= MAX_BUCKETS);
  return fits ? fits.name : INTERVALS[INTERVALS.length - 1].name;
}
