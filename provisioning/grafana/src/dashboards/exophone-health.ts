import type { ExoQuery } from '../../../../plugin/src/types';
import { FieldColorModeId, MappingType } from '@grafana/schema';
import {
  exowatchVariable,
  customVariable,
  variableMatchers,
  EXOPHONES_OF_REGION_LINK,
  EXOPHONE_TIMELINE_LINK,
  REGION_FILTER,
  REGION_VARIABLE,
  exowatchDashboard,
  exowatchQueries,
} from './builders';
import {
  statPanel,
  thresholds,
  barGaugePanel,
  affectedExophonesStat,
  affectedExophonesTable,
  heartbeatAgeStat,
} from './panels';

/** exowatch:exophone_up:max carries exophone, direction and region: every variable applies. */
const SELECTED = variableMatchers('region', 'direction', 'exophone');

/** The exowatch queries' share of the same selection. */
const EXOPHONE_SCOPE: Pick<ExoQuery, 'filters' | 'direction'> = {
  filters: [REGION_FILTER, { key: 'exophone', op: 'in', values: ['$exophone'] }],
  direction: ['$direction'],
};

/** Uptime goal: red below 99 %, orange below 99.9 %. */
const UPTIME_THRESHOLDS = thresholds(['red', null], ['orange', 0.99], ['green', 0.999]);

export const exophoneHealth = exowatchDashboard(
  {
    uid: 'exowatch-exophones',
    title: 'exowatch / ExoPhone health',
    description:
      'Heartbeat-derived state timeline per ExoPhone and direction, uptime and coverage by region.',
    tags: ['exophones'],
    refresh: '1m',
    from: 'now-24h',
    variables: [
      REGION_VARIABLE,
      customVariable(
        { name: 'direction', label: 'Direction', description: 'Call direction of ExoPhone health.' },
        ['incoming', 'outgoing'],
      ),
      exowatchVariable(
        {
          name: 'exophone',
          label: 'ExoPhone',
          description: 'ExoPhones of the account (from the ExoPhone list).',
        },
        { refId: 'ExoVariableQuery', kind: 'exophones' },
        'ExoPhones',
      ),
    ],
  },
  [
    ...(['incoming', 'outgoing'] as const).map((direction, i) =>
      affectedExophonesStat(
        {
          id: i + 1,
          title: `Affected now (${direction})`,
          description: `ExoPhones the last heartbeat lists as affected for ${direction} calls (Prometheus, live).`,
          gridPos: { x: 6 * i, y: 0, w: 6, h: 4 },
        },
        `direction="${direction}", ${SELECTED}`,
      ),
    ),
    statPanel(
      {
        id: 3,
        title: 'Uptime',
        description:
          '1 − affected time ÷ observed time over the range, selected ExoPhones. Red below 99 %, orange below 99.9 %.',
        gridPos: { x: 12, y: 0, w: 6, h: 4 },
        ...exowatchQueries({
          metric: 'uptime',
          interval: 'all',
          ...EXOPHONE_SCOPE,
          legendFormat: '{{direction}}',
        }),
        defaults: { decimals: 2, unit: 'percentunit', thresholds: UPTIME_THRESHOLDS, min: 0, max: 1 },
      },
      'value_and_name',
    ),
    heartbeatAgeStat({
      id: 4,
      title: 'Heartbeat age',
      description:
        "Seconds since Exotel's last heartbeat. Without heartbeats ExoPhone health is unknown (grey in the timeline).",
      gridPos: { x: 18, y: 0, w: 6, h: 4 },
    }),
    {
      id: 5,
      type: 'state-timeline',
      title: 'State per ExoPhone and direction',
      description:
        'Heartbeat-derived state per bucket: green healthy, red affected (listed in incoming_affected/outgoing_affected), grey unknown (heartbeats silent for more than two intervals).',
      gridPos: { x: 0, y: 4, w: 24, h: 12 },
      ...exowatchQueries({
        metric: 'health_state',
        groupBy: ['exophone'],
        ...EXOPHONE_SCOPE,
        legendFormat: '{{exophone}} {{direction}}',
      }),
      fieldConfig: {
        defaults: {
          custom: { fillOpacity: 80, lineWidth: 0 },
          mappings: [
            {
              type: MappingType.ValueToText,
              options: {
                healthy: { color: 'green', text: 'healthy', index: 0 },
                affected: { color: 'red', text: 'affected', index: 1 },
                unknown: { color: '#8e8e8e', text: 'unknown', index: 2 },
              },
            },
          ],
          color: { mode: FieldColorModeId.PaletteClassic },
          links: [
            {
              title: 'Health timeline of ${__field.labels.exophone}',
              url: '/d/exowatch-exophones?var-exophone=${__field.labels.exophone}&${__url_time_range}',
            },
          ],
        },
        overrides: [],
      },
      options: {
        mergeValues: true,
        showValue: 'never',
        alignValue: 'left',
        rowHeight: 0.8,
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
        tooltip: { mode: 'single', sort: 'none' },
      },
    },
    barGaugePanel({
      id: 6,
      title: 'Uptime by region',
      description:
        'Per region and direction: healthy ÷ (healthy + affected) time, each number counted under the region it had at the time.',
      gridPos: { x: 0, y: 16, w: 12, h: 9 },
      ...exowatchQueries({
        metric: 'uptime',
        interval: 'all',
        groupBy: ['region'],
        ...EXOPHONE_SCOPE,
        legendFormat: '{{region}} {{direction}}',
      }),
      defaults: {
        decimals: 2,
        unit: 'percentunit',
        thresholds: UPTIME_THRESHOLDS,
        min: 0.9,
        max: 1,
        links: [EXOPHONES_OF_REGION_LINK],
      },
    }),
    barGaugePanel({
      id: 7,
      title: 'Coverage by region',
      description:
        'Observed ÷ (observed + unknown) time: how much of the range heartbeats covered. Low coverage makes uptime less certain.',
      gridPos: { x: 12, y: 16, w: 12, h: 9 },
      ...exowatchQueries({
        metric: 'coverage',
        interval: 'all',
        groupBy: ['region'],
        ...EXOPHONE_SCOPE,
        legendFormat: '{{region}} {{direction}}',
      }),
      defaults: {
        decimals: 1,
        unit: 'percentunit',
        thresholds: thresholds(['red', null], ['orange', 0.9], ['green', 0.98]),
        min: 0,
        max: 1,
        links: [EXOPHONES_OF_REGION_LINK],
      },
    }),
    {
      id: 8,
      type: 'table',
      title: 'Uptime per ExoPhone',
      description: 'Uptime over the range per ExoPhone and direction, worst first.',
      gridPos: { x: 0, y: 25, w: 12, h: 10 },
      ...exowatchQueries({ metric: 'uptime', interval: 'all', groupBy: ['exophone'], ...EXOPHONE_SCOPE }),
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          thresholds: UPTIME_THRESHOLDS,
          custom: { cellOptions: { type: 'color-text' } },
          color: { mode: FieldColorModeId.Thresholds },
          links: [EXOPHONE_TIMELINE_LINK],
        },
        overrides: [],
      },
      options: { showHeader: true, cellHeight: 'sm', sortBy: [{ displayName: 'Uptime', desc: false }] },
      transformations: [
        { id: 'reduce', options: { reducers: ['lastNotNull'], mode: 'seriesToRows', labelsToFields: true } },
        {
          id: 'organize',
          options: {
            excludeByName: { Field: true },
            renameByName: { 'Last *': 'Uptime', exophone: 'ExoPhone', direction: 'Direction' },
          },
        },
      ],
    },
    affectedExophonesTable(
      {
        id: 9,
        title: 'Affected now',
        description: 'Every ExoPhone and direction currently affected (Prometheus, live).',
        gridPos: { x: 12, y: 25, w: 12, h: 10 },
      },
      SELECTED,
    ),
  ],
);
