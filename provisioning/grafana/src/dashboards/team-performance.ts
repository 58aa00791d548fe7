import { FieldColorModeId } from '@grafana/schema';
import {
  EXOWATCH,
  TEAM_FILTER,
  TEAM_VARIABLE,
  PERIOD_FILTER,
  PERIOD_VARIABLE,
  type DashboardPanel,
  type TagFilter,
  teamDashboard,
  exowatchQueries,
} from './builders';
import {
  PICKUP_RATE_THRESHOLDS,
  barGaugePanel,
  missedByReasonPanel,
  thresholds,
  timeSeriesPanel,
  type PanelHeading,
} from './panels';

export const teamPerformance = teamDashboard(
  {
    uid: 'exowatch-teams',
    title: 'exowatch / Team performance',
    description: 'Compare pickup rates, missed calls by reason and talk time across teams or any other tag.',
    tags: [],
    refresh: '1m',
    variables: [
      {
        type: 'query',
        name: 'compare_by',
        label: 'Compare by',
        description: 'The tag key whose values are compared (team, group, agent group…).',
        datasource: EXOWATCH,
        query: { refId: 'ExoVariableQuery', kind: 'tagKeys' },
        definition: 'tag keys',
        refresh: 1,
        multi: false,
        includeAll: false,
        sort: 1,
        current: { selected: true, text: 'team', value: 'team' },
        options: [],
        hide: 0,
      },
      TEAM_VARIABLE,
      PERIOD_VARIABLE,
    ],
  },
  [
    pickupRateBars(
      {
        id: 1,
        title: 'Pickup rate by ${compare_by}',
        description:
          'Answered ÷ offered over the whole time range, per value of the chosen tag. Red below 70 %, orange below 85 %. Business hours only unless Hours says otherwise.',
        gridPos: { x: 0, y: 0, w: 12, h: 9 },
      },
      '$compare_by',
    ),
    timeSeriesPanel(
      {
        id: 2,
        title: 'Pickup rate over time by ${compare_by}',
        description:
          'Answered ÷ offered per bucket, per value of the chosen tag. Business hours only unless Hours says otherwise.',
        gridPos: { x: 12, y: 0, w: 12, h: 9 },
        ...exowatchQueries({
          metric: 'pickup_rate',
          groupBy: ['$compare_by'],
          filters: [TEAM_FILTER, PERIOD_FILTER],
        }),
        defaults: {
          unit: 'percentunit',
          thresholds: thresholds(['red', null], ['transparent', 0.8]),
          min: 0,
          max: 1,
        },
      },
      { draw: 'line', thresholdsStyle: 'dashed' },
    ),
    missedByReasonPanel(
      {
        id: 3,
        title: 'Missed calls by reason',
        description:
          'Offered calls not answered, stacked by reason (no-answer, busy, failed, caller-hangup, unsettled).',
        gridPos: { x: 0, y: 9, w: 12, h: 9 },
      },
      [TEAM_FILTER],
    ),
    totalsByComparedTag({
      id: 4,
      title: 'Missed calls by reason and ${compare_by}',
      description: 'Missed calls over the time range, one row per tag value and reason.',
      gridPos: { x: 12, y: 9, w: 12, h: 9 },
      metrics: ['missed'],
    }),
    barGaugePanel({
      id: 5,
      title: 'Average talk time by ${compare_by}',
      description:
        'Σ talk time (ConversationDuration) ÷ answered calls. Talk-time AHT: Exotel records have no hold or wrap-up time.',
      gridPos: { x: 0, y: 18, w: 12, h: 9 },
      ...exowatchQueries({
        metric: 'avg_talk_time',
        interval: 'all',
        groupBy: ['$compare_by'],
        filters: [TEAM_FILTER],
      }),
      defaults: { unit: 's', thresholds: thresholds(['blue', null]), min: 0 },
    }),
    totalsByComparedTag({
      id: 6,
      title: 'Offered and answered by ${compare_by}',
      description:
        'Offered and answered calls over the time range with the pickup rate they give. Business hours only unless Hours says otherwise.',
      gridPos: { x: 12, y: 18, w: 12, h: 9 },
      metrics: ['offered', 'answered'],
      filters: [PERIOD_FILTER],
    }),
    pickupRateBars(
      {
        id: 7,
        title: 'Pickup rate by agent',
        description:
          "Answered ÷ offered over the whole time range, per agent of the selected teams: where a team's pickup rate comes from. Red below 70 %, orange below 85 %. Business hours only unless Hours says otherwise.",
        gridPos: { x: 0, y: 27, w: 24, h: 9 },
      },
      'agent',
    ),
  ],
);

/** Pickup rate over the whole time range per value of `groupBy`, selected teams and periods, against the goal. */
function pickupRateBars(spec: PanelHeading, groupBy: string): DashboardPanel {
  return barGaugePanel({
    ...spec,
    ...exowatchQueries({
      metric: 'pickup_rate',
      interval: 'all',
      groupBy: [groupBy],
      filters: [TEAM_FILTER, PERIOD_FILTER],
    }),
    defaults: { unit: 'percentunit', thresholds: PICKUP_RATE_THRESHOLDS, min: 0, max: 1 },
  });
}

/** A table of whole-range totals per value of the compared tag, summed in the footer. */
function totalsByComparedTag(panel: {
  id: number;
  title: string;
  description: string;
  gridPos: DashboardPanel['gridPos'];
  metrics: string[];
  /** Filters besides the selected teams. */
  filters?: TagFilter[];
}): DashboardPanel {
  return {
    id: panel.id,
    type: 'table',
    title: panel.title,
    description: panel.description,
    gridPos: panel.gridPos,
    ...exowatchQueries(
      ...panel.metrics.map((metric) => ({
        metric,
        interval: 'all',
        groupBy: ['$compare_by'],
        filters: [TEAM_FILTER, ...(panel.filters ?? [])],
      })),
    ),
    fieldConfig: {
      defaults: {
        unit: 'short',
        color: { mode: FieldColorModeId.PaletteClassic },
        custom: { footer: { reducers: ['sum'] } },
      },
      overrides: [],
    },
    options: { showHeader: true, cellHeight: 'sm' },
    transformations: [
      { id: 'reduce', options: { reducers: ['sum'], mode: 'seriesToRows', labelsToFields: true } },
    ],
  };
}
