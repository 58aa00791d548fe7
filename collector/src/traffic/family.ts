import { loadCalendarResolver, type CalendarResolver } from '../calendars/resolver';
import { callMetricFamily } from '../calls/family';
import { callRows } from '../calls/plan';
import type { MetricFamily } from '../engine/family';
import { count, ratio, type MetricDef } from '../engine/metrics';
import type { Queryable } from '../store/db';
import { expectedTrafficRows } from './expectedTraffic';
import { holidayHoursOf } from './holidays';

const TRAFFIC_METRICS: readonly MetricDef[] = [
  {
    name: 'incoming_expected',
    title: 'Expected incoming calls',
    description:
      'Incoming calls expected in each bucket from the same hours of the week over the trailing 4–8 weeks (holidays left out): `band` expected (median), lower and upper (median ∓ 3σ, σ from the MAD). Unavailable (null) with fewer than 4 usable weeks of history.',
    formula:
      'Σ over the hours of the bucket of median(calls in that hour 1…8 weeks back); band ± 3·√Σ max((1.4826·MAD)², median)',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: (['expected', 'lower', 'upper'] as const).map((band) => ({
      ...count(band, { band }),
      unavailableIf: 'unknown',
    })),
  },
  {
    name: 'incoming_vs_expected',
    title: 'Incoming calls vs expected',
    description:
      'Incoming calls in each bucket ÷ the calls expected there (incoming_expected): 1 is a usual bucket, well below 1 a drop (a silent ExoPhone). Unavailable where nothing is expected or the history is too short.',
    formula: 'incoming calls ÷ expected incoming calls',
    unit: 'percentunit',
    source: 'calls',
    inboundOnly: true,
    series: [ratio('calls', 'expected', 'unknown')],
  },
];

export interface ExpectedTrafficOptions {
  /** The business calendars (holidays leave expected traffic). Default: the stored calendars. */
  loadCalendars?: (db: Queryable) => Promise<CalendarResolver | null>;
}

/** Incoming calls against those expected from the same hours of the trailing weeks (traffic/expected.ts). */
export function expectedTrafficFamily(options: ExpectedTrafficOptions = {}): MetricFamily {
  return callMetricFamily({
    name: 'expected traffic',
    metrics: TRAFFIC_METRICS,
    async rows(client, spec, { zone }) {
      const observed = await callRows(client, spec, zone, ['calls']);
      const holidays = holidayHoursOf(await (options.loadCalendars ?? loadCalendarResolver)(client));
      return expectedTrafficRows(client, { spec, zone, holidays, observed });
    },
  });
}
