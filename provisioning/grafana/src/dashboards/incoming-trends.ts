import { FieldColorModeId, ThresholdsMode } from '@grafana/schema';
import {
  TEAM_AGENTS_LINK,
  TEAM_FILTER,
  TEAM_VARIABLE,
  PERIOD_FILTER,
  PERIOD_VARIABLE,
  exowatchDashboard,
  exowatchQueries,
  teamPerDay,
} from './builders';
import { expectedTrafficPanel, teamRatioPerDayPanel, timeSeriesPanel } from './panels';

export const incomingTrends = exowatchDashboard(
  {
    uid: 'exowatch-trends',
    title: 'exowatch / Incoming trends',
    description: 'When do calls come in? Hour-of-day × weekday grid, daily and monthly trends per team.',
    tags: ['trends'],
    refresh: '15m',
    from: 'now-30d',
    variables: [TEAM_VARIABLE, PERIOD_VARIABLE],
  },
  [
    {
      id: 1,
      type: 'table',
      title: 'Offered calls: hour of day × weekday',
      description:
        'Offered calls over the time range by local hour (rows, business time zone) and weekday (columns). Darker cells are busier: staff for them.',
      gridPos: { x: 0, y: 0, w: 24, h: 14 },
      ...exowatchQueries({ metric: 'incoming_trend', filters: [TEAM_FILTER], legendFormat: '{{weekday}}' }),
      fieldConfig: {
        defaults: {
          unit: 'short',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: '#e0f3f8', value: null },
              { color: '#abd9e9', value: 5 },
              { color: '#74add1', value: 15 },
              { color: '#4575b4', value: 30 },
              { color: '#313695', value: 60 },
            ],
          },
          custom: {
            cellOptions: { type: 'color-background', mode: 'gradient' },
            align: 'center',
            footer: { reducers: ['sum'] },
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [
          {
            matcher: { id: 'byName', options: 'hour' },
            properties: [
              { id: 'custom.cellOptions', value: { type: 'auto' } },
              { id: 'unit', value: 'none' },
              { id: 'displayName', value: 'Hour' },
              { id: 'custom.footer', value: { reducers: [] } },
            ],
          },
        ],
      },
      options: { showHeader: true, cellHeight: 'sm' },
    },
    timeSeriesPanel(
      {
        id: 2,
        title: 'Offered calls per day by team',
        description: 'Inbound calls that reached an agent dial, per day and team.',
        gridPos: { x: 0, y: 14, w: 12, h: 9 },
        ...exowatchQueries(teamPerDay('offered')),
        defaults: {
          unit: 'short',
          links: [TEAM_AGENTS_LINK],
        },
      },
      { draw: 'bars', stacking: 'normal' },
    ),
    timeSeriesPanel(
      {
        id: 3,
        title: 'Offered calls per month by team',
        description: 'Offered calls per calendar month (business time zone) and team over the last year.',
        gridPos: { x: 12, y: 14, w: 12, h: 9 },
        ...exowatchQueries({
          metric: 'offered',
          interval: '1M',
          groupBy: ['team'],
          filters: [TEAM_FILTER],
          legendFormat: '{{team}}',
        }),
        timeFrom: 'now-1y',
        hideTimeOverride: false,
        defaults: {
          unit: 'short',
          links: [TEAM_AGENTS_LINK],
        },
      },
      { draw: 'bars', stacking: 'normal' },
    ),
    teamRatioPerDayPanel(
      {
        id: 4,
        title: 'Pickup rate per day by team',
        description:
          'Answered ÷ offered per day and team: does the pickup rate drop on busy days? Business hours only unless Hours says otherwise.',
        gridPos: { x: 0, y: 23, w: 12, h: 9 },
      },
      'pickup_rate',
      PERIOD_FILTER,
    ),
    timeSeriesPanel(
      {
        id: 5,
        title: 'IVR-only calls per day',
        description:
          'Inbound calls where the caller left in the IVR before any agent was dialled (not part of offered).',
        gridPos: { x: 12, y: 23, w: 12, h: 9 },
        ...exowatchQueries({ metric: 'ivr_only', interval: '1d', filters: [TEAM_FILTER] }),
        defaults: { unit: 'short' },
      },
      { draw: 'bars' },
    ),
    expectedTrafficPanel(
      {
        id: 6,
        title: 'Incoming calls vs expected per hour',
        description:
          'Inbound calls per hour (orange) against the band expected from the same hour of the week over the trailing 4–8 weeks (median and MAD, holidays left out; dashed: expected). Hours outside the band are unusual traffic.',
        gridPos: { x: 0, y: 32, w: 24, h: 9 },
      },
      [TEAM_FILTER],
    ),
  ],
);
