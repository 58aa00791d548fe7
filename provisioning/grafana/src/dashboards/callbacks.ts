import { FieldColorModeId } from '@grafana/schema';
import { TEAM_AGENTS_LINK, TEAM_FILTER, TEAM_VARIABLE, teamDashboard, exowatchQueries } from './builders';
import { statPanel, teamRatioPerDayPanel, thresholds, timeSeriesPanel, totalStat } from './panels';
import { CALLBACKS_QUERY_TYPE, WORKLIST_COLUMNS } from '../../../../plugin/src/types';

/** Waiting colours: orange after an hour, red after 1 h 30 of the default 2-business-hour window. */
const WAITING = thresholds(['green', null], ['orange', 3600], ['red', 5400]);

/** Did we call back everyone we missed? The open worklist, and callback rate and speed per team. */
export const callbacks = teamDashboard(
  {
    uid: 'exowatch-callbacks',
    title: 'exowatch / Callbacks',
    description:
      'Missed calls still waiting for a callback (the worklist), and per team how many missed calls are called back within their window and how fast.',
    tags: ['callbacks'],
    refresh: '1m',
    variables: [TEAM_VARIABLE],
  },
  [
    totalStat(
      {
        id: 1,
        title: 'Waiting for a callback now',
        description:
          'Missed calls not called back yet whose callback window (2 business hours by default, per team configurable) has not ended.',
        gridPos: { x: 0, y: 0, w: 8, h: 4 },
      },
      'missed_callbacks_open',
      [TEAM_FILTER],
      { unit: 'short', thresholds: thresholds(['green', null], ['orange', 5], ['red', 20]) },
    ),
    totalStat(
      {
        id: 2,
        title: 'Callback rate',
        description:
          'Missed calls called back within their window ÷ missed calls whose window has ended, over the time range (by the missed call’s start). Called back: an outbound call to the customer connects, or the customer calls again and is answered.',
        gridPos: { x: 8, y: 0, w: 8, h: 4 },
      },
      'callback_rate',
      [TEAM_FILTER],
      {
        unit: 'percentunit',
        thresholds: thresholds(['red', null], ['orange', 0.7], ['green', 0.9]),
        min: 0,
        max: 1,
      },
    ),
    statPanel(
      {
        id: 3,
        title: 'Time to callback',
        description:
          'Business time from the missed call to its callback, median (0.5) and 90th percentile (0.9), over the called-back missed calls of the time range.',
        gridPos: { x: 16, y: 0, w: 8, h: 4 },
        ...exowatchQueries({
          metric: 'time_to_callback',
          interval: 'all',
          filters: [TEAM_FILTER],
          legendFormat: 'quantile {{quantile}}',
        }),
        defaults: { unit: 's', thresholds: WAITING },
      },
      'value_and_name',
    ),
    {
      id: 4,
      type: 'table',
      title: 'Callback worklist',
      description:
        'Every missed call still waiting for a callback, longest waiting first: when it was missed, team, ExoPhone, business time waited so far (orange after 1 h, red after 1 h 30), the customer (masked to the last 4 digits) and when the window ends. Live: not limited by the time range.',
      gridPos: { x: 0, y: 4, w: 24, h: 10 },
      ...exowatchQueries({ queryType: CALLBACKS_QUERY_TYPE, metric: '', filters: [TEAM_FILTER] }),
      fieldConfig: {
        defaults: { color: { mode: FieldColorModeId.Thresholds }, thresholds: WAITING },
        overrides: [
          {
            matcher: { id: 'byName', options: WORKLIST_COLUMNS.waited },
            properties: [
              { id: 'custom.cellOptions', value: { type: 'color-text' } },
              { id: 'color', value: { mode: FieldColorModeId.Thresholds } },
            ],
          },
        ],
      },
      options: { showHeader: true, cellHeight: 'sm' },
    },
    teamRatioPerDayPanel(
      {
        id: 5,
        title: 'Callback rate per day by team',
        description:
          'Missed calls called back within their window ÷ missed calls whose window has ended, per day and team.',
        gridPos: { x: 0, y: 14, w: 12, h: 9 },
      },
      'callback_rate',
    ),
    timeSeriesPanel(
      {
        id: 6,
        title: 'Time to callback per day by team',
        description:
          'Business time from missed call to callback per day and team: median (0.5) and 90th percentile (0.9) of the called-back missed calls.',
        gridPos: { x: 12, y: 14, w: 12, h: 9 },
        ...exowatchQueries({
          metric: 'time_to_callback',
          interval: '1d',
          groupBy: ['team'],
          filters: [TEAM_FILTER],
          legendFormat: '{{team}} ({{quantile}})',
        }),
        defaults: { unit: 's', links: [TEAM_AGENTS_LINK] },
      },
      { draw: 'line' },
    ),
    timeSeriesPanel(
      {
        id: 7,
        title: 'Missed calls waiting for a callback by team',
        description:
          'Missed calls still waiting at the end of each bucket, per team: does the backlog clear by closing time?',
        gridPos: { x: 0, y: 23, w: 24, h: 8 },
        ...exowatchQueries({
          metric: 'missed_callbacks_open',
          groupBy: ['team'],
          filters: [TEAM_FILTER],
          legendFormat: '{{team}}',
        }),
        defaults: { unit: 'short', links: [TEAM_AGENTS_LINK] },
      },
      { draw: 'bars', stacking: 'normal' },
    ),
  ],
);
