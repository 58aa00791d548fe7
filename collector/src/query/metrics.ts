import { SL_THRESHOLDS } from './facts';

/**
 * The metric catalogue. Every metric is a set of sums (numerators and denominators, never averaged
 * percentages) over the per-call facts or the ExoPhone health time, and one or more series computed
 * from those sums. Formulas follow the KPI definitions of design.md; docs/kpis.md documents them.
 */
export type MetricSource = 'calls' | 'health';
export type SeriesKind = 'count' | 'ratio' | 'state' | 'quantile';

export interface SeriesSpec {
  /** Extra labels of this series (e.g. the missed-call reason). */
  labels: Record<string, string>;
  kind: SeriesKind;
  /** Sum alias of the value (count) or the numerator (ratio). */
  value: string;
  denominator?: string;
  /** The point is unavailable (null) when this sum is above zero. */
  unavailableIf?: string;
}

export interface MetricDef {
  name: string;
  title: string;
  description: string;
  formula: string;
  /** Grafana unit id. */
  unit: string;
  source: MetricSource;
  /** Only inbound calls count. */
  inboundOnly?: boolean;
  /** Always split by this dimension (completion rate is per direction). */
  alwaysGroupBy?: 'direction';
  /** Grouped by local hour of day × weekday instead of time buckets. */
  hourOfWeek?: boolean;
  /** Computed over the missed calls and their callbacks (query/callbackSql.ts), not the call facts. */
  missedCalls?: boolean;
  /** Compares each bucket with the same hours of the trailing weeks (query/expectedTraffic.ts). */
  expectedTraffic?: boolean;
  series: SeriesSpec[];
}

export const MISSED_REASONS = ['no-answer', 'busy', 'failed', 'caller-hangup', 'unsettled'] as const;
export const CALL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'other'] as const;

const count = (value: string, labels: Record<string, string> = {}): SeriesSpec => ({
  labels,
  kind: 'count',
  value,
});
const ratio = (value: string, denominator: string, unavailableIf?: string): SeriesSpec => ({
  labels: {},
  kind: 'ratio',
  value,
  denominator,
  ...(unavailableIf ? { unavailableIf } : {}),
});

export const METRICS: readonly MetricDef[] = [
  {
    name: 'calls',
    title: 'Calls',
    description:
      'All calls (every direction). Group by `status` or `direction` for calls by status/direction.',
    formula: 'count(calls)',
    unit: 'short',
    source: 'calls',
    series: [count('calls')],
  },
  {
    name: 'offered',
    title: 'Offered calls',
    description: 'Inbound calls that reached an agent dial (a Connect leg was attempted).',
    formula: 'count(inbound calls with an agent leg)',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: [count('offered')],
  },
  {
    name: 'answered',
    title: 'Answered calls',
    description:
      'Offered calls whose agent leg completed (Leg2Status, else Passthru CallType or DialCallStatus completed).',
    formula: 'count(offered calls with agent leg completed)',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: [count('answered')],
  },
  {
    name: 'missed',
    title: 'Missed calls by reason',
    description:
      'Offered − answered, one series per reason: no-answer, busy, failed, caller-hangup (caller hung up while ringing), unsettled (Exotel has not settled the agent leg yet).',
    formula: 'count(offered calls not answered) by reason',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: MISSED_REASONS.map((reason) => count(`missed_${reason.replace('-', '_')}`, { reason })),
  },
  {
    name: 'ivr_only',
    title: 'IVR-only calls',
    description: 'Inbound calls where the caller left before any agent was dialled (not counted as offered).',
    formula: 'count(inbound calls without an agent leg)',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: [count('ivr_only')],
  },
  {
    name: 'outcome_unknown',
    title: 'Inbound calls of unknown outcome',
    description:
      'Inbound calls with no evidence of what became of them: no leg Details from the Bulk API and no Passthru event. Neither offered nor IVR-only until evidence arrives; never guessed.',
    formula: 'count(inbound calls without Details or Passthru)',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    series: [count('outcome_unknown')],
  },
  {
    name: 'pickup_rate',
    title: 'Pickup rate',
    description: 'Share of offered calls that an agent answered.',
    formula: 'answered ÷ offered',
    unit: 'percentunit',
    source: 'calls',
    inboundOnly: true,
    series: [ratio('answered', 'offered')],
  },
  {
    name: 'completion_rate',
    title: 'Completion rate',
    description: 'Share of calls with Status completed, per direction.',
    formula: 'calls with Status completed ÷ all calls, per direction',
    unit: 'percentunit',
    source: 'calls',
    alwaysGroupBy: 'direction',
    series: [ratio('st_completed', 'calls')],
  },
  {
    name: 'avg_talk_time',
    title: 'Average talk time',
    description:
      'Talk-time AHT: Exotel records have no hold or wrap-up time, so this is conversation time only. A call still being settled by Exotel counts 0 s until settled.',
    formula: 'Σ ConversationDuration (else Passthru DialCallDuration) of answered calls ÷ answered',
    unit: 's',
    source: 'calls',
    inboundOnly: true,
    series: [ratio('talk_seconds', 'answered')],
  },
  {
    name: 'service_level',
    title: 'Service level',
    description: `Offered calls answered within T seconds (default 20, per team via serviceLevel.byTeam; T ∈ {${SL_THRESHOLDS.join(', ')}}). Answer delay = Duration − ConversationDuration (else Passthru DialCallDuration), from call start, IVR included. Unavailable (null) where an answered call's delay is not yet known.`,
    formula: 'offered calls answered within T ÷ offered',
    unit: 'percentunit',
    source: 'calls',
    inboundOnly: true,
    series: [ratio('sl_met', 'offered', 'sl_unknown')],
  },
  {
    name: 'repeat_caller_rate',
    title: 'Repeat-caller rate',
    description:
      'First-call-resolution proxy: inbound calls from a caller who calls again (inbound) within 24 h.',
    formula:
      'inbound calls followed by another inbound call from the same caller within 24 h ÷ inbound calls',
    unit: 'percentunit',
    source: 'calls',
    inboundOnly: true,
    series: [ratio('repeat_calls', 'calls')],
  },
  {
    name: 'incoming_trend',
    title: 'Incoming trend by hour and weekday',
    description:
      'Offered calls per local hour of day (rows) and weekday (one series per weekday), summed over the range.',
    formula: 'count(offered) by hour of day × weekday in the business time zone',
    unit: 'short',
    source: 'calls',
    inboundOnly: true,
    hourOfWeek: true,
    series: [count('offered')],
  },
  {
    name: 'callback_rate',
    title: 'Callback rate',
    description:
      'Missed inbound calls (offered and not answered, or IVR-only) called back within their window — an outbound call to the number that connected, or an answered call from it — among missed calls whose window has ended. Window: callbacks.windowMinutes of business time of the call’s calendar (default 120, per team via callbacks.windowMinutesByTeam). By the missed call’s start.',
    formula: 'missed calls called back within the window ÷ missed calls whose window has ended',
    unit: 'percentunit',
    source: 'calls',
    inboundOnly: true,
    missedCalls: true,
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
    missedCalls: true,
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
    missedCalls: true,
    series: [count('open')],
  },
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
    expectedTraffic: true,
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
    expectedTraffic: true,
    series: [ratio('calls', 'expected', 'unknown')],
  },
  {
    name: 'uptime',
    alwaysGroupBy: 'direction',
    title: 'ExoPhone uptime',
    description:
      'Per ExoPhone and direction (incoming/outgoing): time not listed as affected ÷ observed time. Unknown time (heartbeat gaps) is excluded and reported by `coverage`.',
    formula: '1 − affected time ÷ observed time = healthy time ÷ (healthy + affected time)',
    unit: 'percentunit',
    source: 'health',
    series: [ratio('healthy', 'observed')],
  },
  {
    name: 'coverage',
    alwaysGroupBy: 'direction',
    title: 'Heartbeat coverage',
    description: 'Share of the monitored time with heartbeat data (not unknown).',
    formula: 'observed time ÷ (observed + unknown time)',
    unit: 'percentunit',
    source: 'health',
    series: [ratio('observed', 'tracked')],
  },
  {
    name: 'health_state',
    alwaysGroupBy: 'direction',
    title: 'Heartbeat health state',
    description:
      'Worst state in each bucket: affected if any affected time, else unknown if any unknown time, else healthy (for state-timeline panels).',
    formula: 'affected if affected time > 0; unknown if unknown time > 0; healthy otherwise',
    unit: 'none',
    source: 'health',
    series: [{ labels: {}, kind: 'state', value: 'affected' }],
  },
];

export function findMetric(name: string): MetricDef | undefined {
  return METRICS.find((m) => m.name === name);
}
