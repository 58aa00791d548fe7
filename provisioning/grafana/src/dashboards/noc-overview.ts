import {
  variableMatchers,
  TEAM_AGENTS_LINK,
  TEAM_FILTER,
  TEAM_VARIABLE,
  PERIOD_FILTER,
  PERIOD_VARIABLE,
  REGION_FILTER,
  REGION_VARIABLE,
  exowatchDashboard,
  exowatchQueries,
} from './builders';
import {
  PICKUP_RATE_THRESHOLDS,
  affectedExophonesStat,
  affectedExophonesTable,
  expectedTrafficPanel,
  heartbeatAgeStat,
  missedByReasonPanel,
  statPanel,
  syncLagStat,
  thresholds,
  timeSeriesPanel,
  totalStat,
} from './panels';

/** exowatch:exophone_up:max carries region (not team: ExoPhones belong to no team). */
const SELECTED = variableMatchers('region');

/** The exowatch queries' share of the same selection: the teams and regions selected. */
const SCOPE = [TEAM_FILTER, REGION_FILTER];

export const nocOverview = exowatchDashboard(
  {
    uid: 'exowatch-noc',
    title: 'exowatch / NOC overview',
    description:
      'Wall-screen view: call volume, pickup rate, ExoPhones affected now, heartbeat age and sync lag.',
    tags: ['noc'],
    refresh: '30s',
    from: 'now-6h',
    variables: [TEAM_VARIABLE, REGION_VARIABLE, PERIOD_VARIABLE],
  },
  [
    totalStat(
      {
        id: 1,
        title: 'Calls',
        description: "All calls in the time range (every direction), from the collector's query API.",
        gridPos: { x: 0, y: 0, w: 4, h: 4 },
      },
      'calls',
      SCOPE,
      { unit: 'short', thresholds: thresholds(['blue', null]) },
    ),
    totalStat(
      {
        id: 2,
        title: 'Pickup rate',
        description:
          'Answered ÷ offered inbound calls over the time range (Σ answered ÷ Σ offered, never an average of percentages). Red below 70 %, orange below 85 %. Business hours only unless Hours says otherwise.',
        gridPos: { x: 4, y: 0, w: 4, h: 4 },
      },
      'pickup_rate',
      [...SCOPE, PERIOD_FILTER],
      { unit: 'percentunit', thresholds: PICKUP_RATE_THRESHOLDS, min: 0, max: 1 },
    ),
    statPanel({
      id: 3,
      title: 'Missed calls',
      description: 'Offered calls no agent answered in the time range (all reasons).',
      gridPos: { x: 8, y: 0, w: 4, h: 4 },
      ...exowatchQueries({ metric: 'missed', interval: 'all', filters: SCOPE }),
      transformations: [
        {
          id: 'calculateField',
          options: { mode: 'reduceRow', reduce: { reducer: 'sum' }, alias: 'Missed', replaceFields: true },
        },
      ],
      defaults: { unit: 'short', thresholds: thresholds(['green', null], ['orange', 50], ['red', 200]) },
    }),
    affectedExophonesStat(
      {
        id: 4,
        title: 'ExoPhones affected now',
        description:
          "Number × direction pairs Exotel's last heartbeat lists as affected (Prometheus, live). Anything above 0 is an outage.",
        gridPos: { x: 12, y: 0, w: 4, h: 4 },
      },
      SELECTED,
    ),
    heartbeatAgeStat({
      id: 5,
      title: 'Heartbeat age',
      description:
        "Seconds since Exotel's last heartbeat (oldest account). Orange after 10 min, red after 15 min: then ExoPhone health is unknown.",
      gridPos: { x: 16, y: 0, w: 4, h: 4 },
    }),
    syncLagStat({
      id: 6,
      title: 'Sync lag',
      description:
        'How far the call sync is behind now (oldest account): every call created before now − lag has been read. Normal is 1–2 min; red after 15 min.',
      gridPos: { x: 20, y: 0, w: 4, h: 4 },
    }),
    timeSeriesPanel(
      {
        id: 7,
        title: 'Live call volume by direction',
        description:
          'Calls per bucket by direction (inbound, outbound-dial, outbound-api). The interval follows the time range.',
        gridPos: { x: 0, y: 4, w: 12, h: 8 },
        ...exowatchQueries({
          metric: 'calls',
          groupBy: ['direction'],
          filters: SCOPE,
          legendFormat: '{{direction}}',
        }),
        defaults: { unit: 'short' },
      },
      { draw: 'bars', stacking: 'normal' },
    ),
    timeSeriesPanel(
      {
        id: 8,
        title: 'Pickup rate by team',
        description:
          'Answered ÷ offered per team in 15-minute buckets (or wider on long ranges): per-minute ratios of a few calls swing between 0 and 100 %. The dashed line is the default alert threshold (80 %). Business hours only unless Hours says otherwise.',
        gridPos: { x: 12, y: 4, w: 12, h: 8 },
        ...exowatchQueries({
          metric: 'pickup_rate',
          interval: '15m',
          groupBy: ['team'],
          filters: [...SCOPE, PERIOD_FILTER],
          legendFormat: '{{team}}',
        }),
        defaults: {
          unit: 'percentunit',
          thresholds: thresholds(['red', null], ['transparent', 0.8]),
          min: 0,
          max: 1,
          links: [TEAM_AGENTS_LINK],
        },
      },
      { draw: 'line', thresholdsStyle: 'dashed' },
    ),
    missedByReasonPanel(
      {
        id: 9,
        title: 'Missed calls by reason',
        description:
          'Offered calls not answered, by reason: no-answer, busy, failed, caller-hangup (caller hung up while ringing), unsettled (Exotel has not settled the call yet).',
        gridPos: { x: 0, y: 12, w: 12, h: 8 },
      },
      SCOPE,
    ),
    affectedExophonesTable(
      {
        id: 10,
        title: 'ExoPhones affected now',
        description:
          'Every ExoPhone and direction the last heartbeat lists as affected (Prometheus, live). Empty is good.',
        gridPos: { x: 12, y: 12, w: 12, h: 8 },
      },
      SELECTED,
    ),
    expectedTrafficPanel(
      {
        id: 11,
        title: 'Incoming calls vs expected',
        description:
          'Inbound calls per hour (orange) against the band expected from the same hour of the last 4–8 weeks (median and MAD, holidays left out; dashed: expected). Calls far below the band while open: an ExoPhone may ring nowhere although its heartbeat is OK.',
        gridPos: { x: 0, y: 20, w: 24, h: 8 },
      },
      SCOPE,
    ),
  ],
);
