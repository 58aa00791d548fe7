import { FieldColorModeId, ThresholdsMode } from '@grafana/schema';
import {
  TIMEPICKER,
  exowatchVariable,
  AD_HOC_FILTERS,
  ANNOTATIONS,
  LINKS,
  EXOWATCH,
  PROMETHEUS,
  promTarget,
  variableMatchers,
  type ExowatchDashboard,
} from './builders';

/** exowatch:exophone_up:max carries region (not team: ExoPhones belong to no team). */
const SELECTED = variableMatchers('region');

export const nocOverview: ExowatchDashboard = {
  uid: 'exowatch-noc',
  title: 'exowatch / NOC overview',
  description:
    'Wall-screen view: call volume, pickup rate, ExoPhones affected now, heartbeat age and sync lag.',
  tags: ['exowatch', 'noc'],
  editable: false,
  graphTooltip: 1,
  timezone: 'browser',
  refresh: '30s',
  schemaVersion: 41,
  version: 1,
  time: { from: 'now-6h', to: 'now' },
  timepicker: TIMEPICKER,
  templating: {
    list: [
      exowatchVariable(
        {
          name: 'team',
          label: 'Team',
          description:
            "Values of the `team` tag (admin-managed in the plugin's tag page or `exowatch tags import`).",
        },
        { refId: 'ExoVariableQuery', kind: 'tagValues', key: 'team' },
        'values of tag team',
      ),
      exowatchVariable(
        {
          name: 'region',
          label: 'Region',
          description:
            "Telecom circle of the ExoPhone (from Exotel's ExoPhone list), or a manual `region` tag.",
        },
        { refId: 'ExoVariableQuery', kind: 'tagValues', key: 'region' },
        'values of tag region',
      ),
      AD_HOC_FILTERS,
    ],
  },
  annotations: ANNOTATIONS,
  links: LINKS,
  panels: [
    {
      id: 1,
      type: 'stat',
      title: 'Calls',
      description: "All calls in the time range (every direction), from the collector's query API.",
      gridPos: { x: 0, y: 0, w: 4, h: 4 },
      datasource: EXOWATCH,
      targets: [
        {
          refId: 'A',
          datasource: EXOWATCH,
          metric: 'calls',
          interval: 'all',
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'region', op: 'in', values: ['$region'] },
          ],
        },
      ],
      fieldConfig: {
        defaults: {
          unit: 'short',
          thresholds: { mode: ThresholdsMode.Absolute, steps: [{ color: 'blue', value: null }] },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'auto',
        orientation: 'auto',
        wideLayout: true,
        showPercentChange: false,
      },
    },
    {
      id: 2,
      type: 'stat',
      title: 'Pickup rate',
      description:
        'Answered ÷ offered inbound calls over the time range (Σ answered ÷ Σ offered, never an average of percentages). Red below 70 %, orange below 85 %.',
      gridPos: { x: 4, y: 0, w: 4, h: 4 },
      datasource: EXOWATCH,
      targets: [
        {
          refId: 'A',
          datasource: EXOWATCH,
          metric: 'pickup_rate',
          interval: 'all',
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'region', op: 'in', values: ['$region'] },
          ],
        },
      ],
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'red', value: null },
              { color: 'orange', value: 0.7 },
              { color: 'green', value: 0.85 },
            ],
          },
          min: 0,
          max: 1,
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'auto',
        orientation: 'auto',
        wideLayout: true,
        showPercentChange: false,
      },
    },
    {
      id: 3,
      type: 'stat',
      title: 'Missed calls',
      description: 'Offered calls no agent answered in the time range (all reasons).',
      gridPos: { x: 8, y: 0, w: 4, h: 4 },
      datasource: EXOWATCH,
      targets: [
        {
          refId: 'A',
          datasource: EXOWATCH,
          metric: 'missed',
          interval: 'all',
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'region', op: 'in', values: ['$region'] },
          ],
        },
      ],
      fieldConfig: {
        defaults: {
          unit: 'short',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: 50 },
              { color: 'red', value: 200 },
            ],
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'auto',
        orientation: 'auto',
        wideLayout: true,
        showPercentChange: false,
      },
      transformations: [
        {
          id: 'calculateField',
          options: { mode: 'reduceRow', reduce: { reducer: 'sum' }, alias: 'Missed', replaceFields: true },
        },
      ],
    },
    {
      id: 4,
      type: 'stat',
      title: 'ExoPhones affected now',
      description:
        "Number × direction pairs Exotel's last heartbeat lists as affected (Prometheus, live). Anything above 0 is an outage.",
      gridPos: { x: 12, y: 0, w: 4, h: 4 },
      datasource: PROMETHEUS,
      targets: [promTarget(`count(exowatch:exophone_up:max{${SELECTED}} == 0) or vector(0)`)],
      fieldConfig: {
        defaults: {
          unit: 'short',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 1 },
            ],
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'auto',
        orientation: 'auto',
        wideLayout: true,
        showPercentChange: false,
      },
    },
    {
      id: 5,
      type: 'stat',
      title: 'Heartbeat age',
      description:
        "Seconds since Exotel's last heartbeat (oldest account). Orange after 10 min, red after 15 min: then ExoPhone health is unknown.",
      gridPos: { x: 16, y: 0, w: 4, h: 4 },
      datasource: PROMETHEUS,
      targets: [promTarget('max(exowatch:heartbeat_age_seconds:min)')],
      fieldConfig: {
        defaults: {
          unit: 's',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: 600 },
              { color: 'red', value: 900 },
            ],
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'auto',
        orientation: 'auto',
        wideLayout: true,
        showPercentChange: false,
      },
    },
    {
      id: 6,
      type: 'stat',
      title: 'Sync lag',
      description:
        'How far the call sync is behind now (oldest account): every call created before now − lag has been read. Normal is 1–2 min; red after 15 min.',
      gridPos: { x: 20, y: 0, w: 4, h: 4 },
      datasource: PROMETHEUS,
      targets: [promTarget('max(exowatch:sync_lag_seconds:min)')],
      fieldConfig: {
        defaults: {
          unit: 's',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'green', value: null },
              { color: 'orange', value: 300 },
              { color: 'red', value: 900 },
            ],
          },
          color: { mode: FieldColorModeId.Thresholds },
        },
        overrides: [],
      },
      options: {
        reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
        colorMode: 'background',
        graphMode: 'none',
        textMode: 'value',
        justifyMode: 'auto',
        orientation: 'auto',
        wideLayout: true,
        showPercentChange: false,
      },
    },
    {
      id: 7,
      type: 'timeseries',
      title: 'Live call volume by direction',
      description:
        'Calls per bucket by direction (inbound, outbound-dial, outbound-api). The interval follows the time range.',
      gridPos: { x: 0, y: 4, w: 12, h: 8 },
      datasource: EXOWATCH,
      targets: [
        {
          refId: 'A',
          datasource: EXOWATCH,
          metric: 'calls',
          groupBy: ['direction'],
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'region', op: 'in', values: ['$region'] },
          ],
          legendFormat: '{{direction}}',
        },
      ],
      fieldConfig: {
        defaults: {
          unit: 'short',
          custom: {
            drawStyle: 'bars',
            lineWidth: 1,
            fillOpacity: 80,
            showPoints: 'never',
            spanNulls: false,
            stacking: { mode: 'normal', group: 'A' },
            axisSoftMin: 0,
            thresholdsStyle: { mode: 'off' },
          },
          color: { mode: FieldColorModeId.PaletteClassic },
        },
        overrides: [],
      },
      options: {
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },
    {
      id: 8,
      type: 'timeseries',
      title: 'Pickup rate by team',
      description:
        'Answered ÷ offered per team and bucket. The dashed line is the default alert threshold (80 %).',
      gridPos: { x: 12, y: 4, w: 12, h: 8 },
      datasource: EXOWATCH,
      targets: [
        {
          refId: 'A',
          datasource: EXOWATCH,
          metric: 'pickup_rate',
          groupBy: ['team'],
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'region', op: 'in', values: ['$region'] },
          ],
          legendFormat: '{{team}}',
        },
      ],
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { color: 'red', value: null },
              { color: 'transparent', value: 0.8 },
            ],
          },
          min: 0,
          max: 1,
          custom: {
            drawStyle: 'line',
            lineWidth: 1,
            fillOpacity: 10,
            showPoints: 'never',
            spanNulls: false,
            stacking: { mode: 'none', group: 'A' },
            axisSoftMin: 0,
            thresholdsStyle: { mode: 'dashed' },
          },
          color: { mode: FieldColorModeId.PaletteClassic },
          links: [
            {
              title: 'Agents of ${__field.labels.team}',
              url: '/d/exowatch-teams?var-team=${__field.labels.team}&var-compare_by=team&${__url_time_range}',
            },
          ],
        },
        overrides: [],
      },
      options: {
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },
    {
      id: 9,
      type: 'timeseries',
      title: 'Missed calls by reason',
      description:
        'Offered calls not answered, by reason: no-answer, busy, failed, caller-hangup (caller hung up while ringing), unsettled (Exotel has not settled the call yet).',
      gridPos: { x: 0, y: 12, w: 12, h: 8 },
      datasource: EXOWATCH,
      targets: [
        {
          refId: 'A',
          datasource: EXOWATCH,
          metric: 'missed',
          filters: [
            { key: 'team', op: 'in', values: ['$team'] },
            { key: 'region', op: 'in', values: ['$region'] },
          ],
          legendFormat: '{{reason}}',
        },
      ],
      fieldConfig: {
        defaults: {
          unit: 'short',
          custom: {
            drawStyle: 'bars',
            lineWidth: 1,
            fillOpacity: 80,
            showPoints: 'never',
            spanNulls: false,
            stacking: { mode: 'normal', group: 'A' },
            axisSoftMin: 0,
            thresholdsStyle: { mode: 'off' },
          },
          color: { mode: FieldColorModeId.PaletteClassic },
        },
        overrides: [],
      },
      options: {
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },
    {
      id: 10,
      type: 'table',
      title: 'ExoPhones affected now',
      description:
        'Every ExoPhone and direction the last heartbeat lists as affected (Prometheus, live). Empty is good.',
      gridPos: { x: 12, y: 12, w: 12, h: 8 },
      datasource: PROMETHEUS,
      targets: [promTarget(`exowatch:exophone_up:max{${SELECTED}} == 0`, { format: 'table' })],
      fieldConfig: {
        defaults: {
          color: { mode: FieldColorModeId.PaletteClassic },
          links: [
            {
              title: 'Health timeline of ${__data.fields.exophone}',
              url: '/d/exowatch-exophones?var-exophone=${__data.fields.exophone}&${__url_time_range}',
            },
          ],
        },
        overrides: [],
      },
      options: { showHeader: true, cellHeight: 'sm' },
      transformations: [
        {
          id: 'organize',
          options: {
            excludeByName: { Time: true, Value: true, __name__: true },
            renameByName: { exophone: 'ExoPhone', direction: 'Direction', region: 'Region' },
          },
        },
      ],
    },
  ],
};
