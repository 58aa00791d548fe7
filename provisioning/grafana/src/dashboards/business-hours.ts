import type { ThresholdsConfig } from '@grafana/schema';
import {
  TEAM_FILTER,
  TEAM_RATIO_DEFAULTS,
  TEAM_VARIABLE,
  periodIs,
  teamDashboard,
  exowatchQueries,
  type DashboardPanel,
} from './builders';
import {
  PICKUP_RATE_THRESHOLDS,
  SERVICE_LEVEL_THRESHOLDS,
  barGaugePanel,
  teamRatioPerDayPanel,
  timeSeriesPanel,
  type PanelHeading,
} from './panels';

/** How did we do while we were open? Pickup and service level per team, business hours against after hours. */
export const businessHours = teamDashboard(
  {
    uid: 'exowatch-hours',
    title: 'exowatch / Business hours',
    description:
      "Pickup rate and service level per team in business hours, after hours and on holidays, from each team's business calendar.",
    tags: ['business-hours'],
    refresh: '5m',
    variables: [TEAM_VARIABLE],
  },
  [
    ratioByTeamAndPeriod(
      {
        id: 1,
        title: 'Pickup rate by team and period',
        description:
          "Answered ÷ offered over the time range, per team, split by the period of the team's calendar the call started in (business_hours, after_hours, holiday). Red below 70 %, orange below 85 %.",
        gridPos: { x: 0, y: 0, w: 12, h: 10 },
      },
      'pickup_rate',
      PICKUP_RATE_THRESHOLDS,
    ),
    ratioByTeamAndPeriod(
      {
        id: 2,
        title: 'Service level (20 s) by team and period',
        description:
          "Offered calls answered within 20 s ÷ offered, per team and period of its calendar. The range ends an hour ago (time shift): a call's durations settle minutes after it ends.",
        gridPos: { x: 12, y: 0, w: 12, h: 10 },
      },
      'service_level',
      SERVICE_LEVEL_THRESHOLDS,
      '1h',
    ),
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

/**
 * A ratio over the time range per team and period of its calendar, as bars against `goal`; a `timeShift`
 * ends the range that much earlier (for ratios that need settled calls).
 */
function ratioByTeamAndPeriod(
  spec: PanelHeading,
  metric: string,
  goal: ThresholdsConfig,
  timeShift?: string,
): DashboardPanel {
  return barGaugePanel({
    ...spec,
    ...exowatchQueries({
      metric,
      interval: 'all',
      groupBy: ['team', 'period'],
      filters: [TEAM_FILTER],
      legendFormat: '{{team}} · {{period}}',
    }),
    ...(timeShift ? { timeShift } : {}),
    defaults: { ...TEAM_RATIO_DEFAULTS, thresholds: goal },
  });
}
