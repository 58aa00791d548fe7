import {
  TEAM_AGENTS_LINK,
  TEAM_FILTER,
  TEAM_VARIABLE,
  periodIs,
  exowatchDashboard,
  exowatchQueries,
} from './builders';
import {
  PICKUP_RATE_THRESHOLDS,
  barGaugePanel,
  teamRatioPerDayPanel,
  thresholds,
  timeSeriesPanel,
} from './panels';

const RATIO_BARS = {
  unit: 'percentunit',
  min: 0,
  max: 1,
  links: [TEAM_AGENTS_LINK],
};

/** How did we do while we were open? Pickup and service level per team, business hours against after hours. */
export const businessHours = exowatchDashboard(
  {
    uid: 'exowatch-hours',
    title: 'exowatch / Business hours',
    description:
      "Pickup rate and service level per team in business hours, after hours and on holidays, from each team's business calendar.",
    tags: ['teams', 'business-hours'],
    refresh: '5m',
    from: 'now-7d',
    variables: [TEAM_VARIABLE],
  },
  [
    barGaugePanel({
      id: 1,
      title: 'Pickup rate by team and period',
      description:
        "Answered ÷ offered over the time range, per team, split by the period of the team's calendar the call started in (business_hours, after_hours, holiday). Red below 70 %, orange below 85 %.",
      gridPos: { x: 0, y: 0, w: 12, h: 10 },
      ...exowatchQueries({
        metric: 'pickup_rate',
        interval: 'all',
        groupBy: ['team', 'period'],
        filters: [TEAM_FILTER],
        legendFormat: '{{team}} · {{period}}',
      }),
      defaults: { ...RATIO_BARS, thresholds: PICKUP_RATE_THRESHOLDS },
    }),
    barGaugePanel({
      id: 2,
      title: 'Service level (20 s) by team and period',
      description:
        "Offered calls answered within 20 s ÷ offered, per team and period of its calendar. The range ends an hour ago (time shift): a call's durations settle minutes after it ends.",
      gridPos: { x: 12, y: 0, w: 12, h: 10 },
      ...exowatchQueries({
        metric: 'service_level',
        interval: 'all',
        groupBy: ['team', 'period'],
        filters: [TEAM_FILTER],
        legendFormat: '{{team}} · {{period}}',
      }),
      timeShift: '1h',
      defaults: { ...RATIO_BARS, thresholds: thresholds(['red', null], ['orange', 0.6], ['green', 0.8]) },
    }),
    teamRatioPerDayPanel(
      {
        id: 3,
        title: 'Pickup rate per day in business hours',
        description: 'Answered ÷ offered per day and team, calls in business hours only.',
        gridPos: { x: 0, y: 10, w: 12, h: 9 },
      },
      'pickup_rate',
      periodIs('business_hours'),
    ),
    teamRatioPerDayPanel(
      {
        id: 4,
        title: 'Pickup rate per day after hours',
        description:
          'Answered ÷ offered per day and team, calls after hours only: who picks up when the team is closed?',
        gridPos: { x: 12, y: 10, w: 12, h: 9 },
      },
      'pickup_rate',
      periodIs('after_hours'),
    ),
    teamRatioPerDayPanel(
      {
        id: 5,
        title: 'Service level per day in business hours',
        description: 'Service level (20 s) per day and team, calls in business hours only.',
        gridPos: { x: 0, y: 19, w: 12, h: 9 },
      },
      'service_level',
      periodIs('business_hours'),
    ),
    timeSeriesPanel(
      {
        id: 6,
        title: 'Offered calls per day by period',
        description:
          'Offered calls per day, stacked by the period they came in (business_hours, after_hours, holiday): how much demand arrives while closed.',
        gridPos: { x: 12, y: 19, w: 12, h: 9 },
        ...exowatchQueries({
          metric: 'offered',
          interval: '1d',
          groupBy: ['period'],
          filters: [TEAM_FILTER],
          legendFormat: '{{period}}',
        }),
        defaults: { unit: 'short' },
      },
      { draw: 'bars', stacking: 'normal' },
    ),
  ],
);
