import { aliasesOf, type Row } from '../engine/frames';
import { count, ratio, type MetricDef } from '../engine/metrics';
import { callMetricFamily } from '../calls/family';
import { buildCallbackQuery, missedRange } from './callbackSql';
import { missedCallsSource } from './missedCalls';
import { missedRollupSpan, rollupReach } from './missedRollup';

const CALLBACK_METRICS: readonly MetricDef[] = [
  {
    name: 'callback_rate',
    title: 'Callback rate',
    description:
      'Missed inbound calls (offered and not answered, or IVR-only) called back within their window — an outbound call to the number that connected, or an answered call from it — among missed calls whose window has ended. Window: callbacks.windowMinutes of business time of the call’s calendar (default 120, per team via callbacks.windowMinutesByTeam). By the missed call’s start.',
    formula: 'missed calls called back within the window ÷ missed calls whose window has ended',
    unit: 'percentunit',
    source: 'calls',
    inboundOnly: true,
    series: [ratio('called_back', 'window_ended')],
  },
  {
    name: 'time_to_callback',
    title: 'Time to callback',
    description:
      'Business time from a missed call to its callback, over missed calls called back within their window: p50 and p90 (series labelled quantile). By the missed call’s start.',
    formula: 'percentile_disc 0.5 and 0.9 of business seconds from missed call to callback',
    unit: 's',
    source: 'calls',
    inboundOnly: true,
    series: [
      { labels: { quantile: '0.5' }, kind: 'quantile', value: 'ttc_p50' },
      { labels: { quantile: '0.9' }, kind: 'quantile', value: 'ttc_p90' },
    ],
  },
  {
    name: 'missed_callbacks_open',
    title: 'Missed calls waiting for a callback',
    description:
      'Missed calls neither called back nor past their window end, at the end of each bucket (now for the current bucket).',
    formula: 'count(missed calls before the instant, not called back and window not ended by it)',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: [count('open')],
  },
];

/** Callback KPIs, computed over the missed calls and their callbacks (callbacks/callbackSql.ts). */
export const callbacksFamily = callMetricFamily({
  name: 'callbacks',
  metrics: CALLBACK_METRICS,
  async rows(client, spec, { now }) {
    // The quantiles sort every called-back call of the range, which spills to disk with the
    // default work_mem.
    await client.query(`SET LOCAL work_mem = '64MB'`);
    const [from, to] = missedRange(spec, now.getTime());
    const source = await missedCallsSource(client, from, to);
    const span =
      source.dirtySlots === 'all' ? null : await missedRollupSpan(client, rollupReach(spec, now.getTime()));
    const built = buildCallbackQuery(spec, aliasesOf(spec.metric.series), source, now.getTime(), span);
    return (await client.query<Row>(built.text, built.values)).rows;
  },
});
