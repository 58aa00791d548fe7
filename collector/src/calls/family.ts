import { PERIODS } from '../calendars/calendar';
import type { MetricFamily, ValueCheck } from '../engine/family';
import { aliasesOf } from '../engine/frames';
import { count, ratio, type MetricDef, type SeriesSpec } from '../engine/metrics';
import type { QuerySpec } from '../engine/spec';
import { flowValues, oneOf, targetValues } from '../engine/request';
import type { BuiltinName } from '../querykit/sql';
import { SL_THRESHOLDS } from '../rollups/facts';
import { callRows } from './plan';

const MISSED_REASONS = ['no-answer', 'busy', 'failed', 'caller-hangup', 'unsettled'] as const;
const CALL_STATUSES = ['completed', 'busy', 'no-answer', 'failed', 'other'] as const;
const CALL_DIRECTIONS = ['inbound', 'outbound-dial', 'outbound-api'];

/** The built-in dimensions of every metric over calls. */
function callDimensions(metric: MetricDef): Partial<Record<BuiltinName, ValueCheck>> {
  return {
    exophone: targetValues('exophone'),
    agent: targetValues('agent'),
    flow: flowValues,
    direction: oneOf('direction', CALL_DIRECTIONS),
    period: oneOf('period', PERIODS),
    ...(metric.name === 'calls' ? { status: oneOf('status', CALL_STATUSES) } : {}),
  };
}

/** Status is a dimension of the calls metric only. */
const refuseCallDimension = (name: BuiltinName): string | undefined =>
  name === 'status'
    ? 'status applies to the calls metric only (other call metrics are defined by the agent leg)'
    : undefined;

const CALL_METRICS: readonly MetricDef[] = [
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
];

/** The series of a spec: the metric's, fanned out by status for `calls` grouped or filtered by status. */
export function callSeries(spec: QuerySpec): SeriesSpec[] {
  const byStatus = spec.groupBy.some((g) => g.kind === 'builtin' && g.name === 'status');
  const statusFilters = spec.filters.filter(
    (f) => f.dimension.kind === 'builtin' && f.dimension.name === 'status',
  );
  if (!byStatus && statusFilters.length === 0) return spec.metric.series;
  const statuses = CALL_STATUSES.filter((s) => statusFilters.every((f) => f.values.includes(s) !== f.negate));
  if (!byStatus)
    return [{ labels: {}, kind: 'count', value: statuses.map((s) => `st_${s.replace('-', '_')}`).join('+') }];
  return statuses.map((status) => ({
    labels: { status },
    kind: 'count',
    value: `st_${status.replace('-', '_')}`,
  }));
}

/** A family of metrics over calls (calls, callbacks, expected traffic): the call dimensions are theirs. */
export const callMetricFamily = (
  family: Pick<MetricFamily, 'name' | 'metrics' | 'rows' | 'notices' | 'series'>,
): MetricFamily => ({ dimensions: callDimensions, refuse: refuseCallDimension, ...family });

/** The KPIs over the per-call facts (rollups/facts.ts). */
export const callsFamily = callMetricFamily({
  name: 'calls',
  metrics: CALL_METRICS,
  series: callSeries,
  rows: (client, spec, { zone }) => callRows(client, spec, zone, aliasesOf(callSeries(spec))),
  notices(spec, rows) {
    const notices: string[] = [];
    if (spec.metric.name === 'service_level' && rows.some((r) => Number(r.sl_unknown) > 0))
      notices.push(
        'service level is unavailable where an answered call has no settled Duration/ConversationDuration yet',
      );
    if (spec.metric.name === 'avg_talk_time')
      notices.push('talk-time AHT: Exotel records have no hold or wrap-up time');
    return notices;
  },
});
