import { FieldColorModeId } from '@grafana/schema';
import {
  POSTGRES,
  TEAM_AGENTS_LINK,
  TEAM_FILTER,
  TEAM_VARIABLE,
  PERIOD_FILTER,
  PERIOD_VARIABLE,
  TEAM_RATIO_DEFAULTS,
  teamDashboard,
  exowatchQueries,
  teamPerDay,
} from './builders';
import {
  SERVICE_LEVEL_THRESHOLDS,
  barGaugePanel,
  teamRatioPerDayPanel,
  thresholds,
  timeSeriesPanel,
} from './panels';

export const businessTeams = teamDashboard(
  {
    uid: 'exowatch-business',
    title: 'exowatch / Business teams',
    description: 'Call completion, service level and repeat callers per team.',
    tags: ['business'],
    refresh: '5m',
    variables: [TEAM_VARIABLE, PERIOD_VARIABLE],
  },
  [
    barGaugePanel({
      id: 1,
      title: 'Call completion rate per team',
      description: 'Calls with Status completed ÷ all calls, per team and direction, over the time range.',
      gridPos: { x: 0, y: 0, w: 8, h: 9 },
      ...exowatchQueries({
        metric: 'completion_rate',
        interval: 'all',
        groupBy: ['team'],
        filters: [TEAM_FILTER],
        legendFormat: '{{team}} {{direction}}',
      }),
      defaults: {
        unit: 'percentunit',
        thresholds: thresholds(['red', null], ['orange', 0.7], ['green', 0.85]),
        min: 0,
        max: 1,
        links: [TEAM_AGENTS_LINK],
      },
    }),
    barGaugePanel({
      id: 2,
      title: 'Service level (20 s) per team',
      description:
        "Offered calls answered within 20 s ÷ offered (answer delay = Duration − ConversationDuration, IVR time included). The range ends an hour ago (time shift): a call's durations settle minutes after it ends, and a range with unsettled answered calls has no service level. Business hours only unless Hours says otherwise.",
      gridPos: { x: 8, y: 0, w: 8, h: 9 },
      ...exowatchQueries({
        metric: 'service_level',
        interval: 'all',
        groupBy: ['team'],
        filters: [TEAM_FILTER, PERIOD_FILTER],
        legendFormat: '{{team}}',
      }),
      timeShift: '1h',
      defaults: {
        unit: 'percentunit',
        thresholds: SERVICE_LEVEL_THRESHOLDS,
        min: 0,
        max: 1,
        links: [TEAM_AGENTS_LINK],
      },
    }),
    barGaugePanel({
      id: 3,
      title: 'Repeat-caller rate per team',
      description:
        'Inbound calls whose caller calls again within 24 h ÷ inbound calls: a first-call-resolution proxy (lower is better).',
      gridPos: { x: 16, y: 0, w: 8, h: 9 },
      ...exowatchQueries({
        metric: 'repeat_caller_rate',
        interval: 'all',
        groupBy: ['team'],
        filters: [TEAM_FILTER],
        legendFormat: '{{team}}',
      }),
      defaults: {
        unit: 'percentunit',
        thresholds: thresholds(['green', null], ['orange', 0.2], ['red', 0.35]),
        min: 0,
        max: 1,
        links: [TEAM_AGENTS_LINK],
      },
    }),
    timeSeriesPanel(
      {
        id: 4,
        title: 'Completion rate per day',
        description: 'Completed ÷ all calls per day, per team and direction.',
        gridPos: { x: 0, y: 9, w: 8, h: 9 },
        ...exowatchQueries({ ...teamPerDay('completion_rate'), legendFormat: '{{team}} {{direction}}' }),
        defaults: TEAM_RATIO_DEFAULTS,
      },
      { draw: 'line' },
    ),
    teamRatioPerDayPanel(
      {
        id: 5,
        title: 'Service level per day',
        description:
          'Service level (20 s) per day and team. Business hours only unless Hours says otherwise.',
        gridPos: { x: 8, y: 9, w: 8, h: 9 },
      },
      'service_level',
      PERIOD_FILTER,
    ),
    teamRatioPerDayPanel(
      {
        id: 6,
        title: 'Repeat-caller rate per day',
        description: 'Repeat-caller rate per day and team.',
        gridPos: { x: 16, y: 9, w: 8, h: 9 },
      },
      'repeat_caller_rate',
    ),
    {
      id: 7,
      type: 'table',
      title: 'Calls by direction and status (SQL)',
      description:
        'Straight from the calls table through the read-only PostgreSQL data source (role exowatch_reader): calls, settled talk time and cost by direction and status.',
      gridPos: { x: 0, y: 18, w: 24, h: 8 },
      datasource: POSTGRES,
      targets: [
        {
          refId: 'A',
          datasource: POSTGRES,
          format: 'table',
          rawQuery: true,
          editorMode: 'code',
          rawSql:
            'SELECT direction, status, count(*) AS calls,\n       sum(conversation_duration) AS talk_seconds,\n       round(avg(duration)) AS avg_duration_seconds,\n       sum(price) AS cost\nFROM reporting.calls\nWHERE $__timeFilter(date_created)\nGROUP BY direction, status\nORDER BY calls DESC',
        },
      ],
      fieldConfig: {
        defaults: { color: { mode: FieldColorModeId.PaletteClassic } },
        overrides: [
          { matcher: { id: 'byName', options: 'talk_seconds' }, properties: [{ id: 'unit', value: 's' }] },
          {
            matcher: { id: 'byName', options: 'avg_duration_seconds' },
            properties: [{ id: 'unit', value: 's' }],
          },
          {
            matcher: {
              id: 'byNames',
              options: { mode: 'include', names: ['calls', 'talk_seconds', 'cost'] },
            },
            properties: [{ id: 'custom.footer', value: { reducers: ['sum'] } }],
          },
        ],
      },
      options: { showHeader: true, cellHeight: 'sm' },
    },
  ],
);
