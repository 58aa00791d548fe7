/**
 * Builders for the panel shapes the exowatch dashboards repeat: stat tiles, bar gauges and time series
 * share their options and colour modes, so a dashboard states only what differs (title, place, queries,
 * unit, thresholds).
 */
import {
  FieldColorModeId,
  ThresholdsMode,
  type FieldConfig,
  type FieldConfigSource,
  type ThresholdsConfig,
} from '@grafana/schema';
import {
  EXOPHONE_TIMELINE_LINK,
  EXOWATCH,
  PROMETHEUS,
  TEAM_RATIO_DEFAULTS,
  exoTarget,
  promTarget,
  teamPerDay,
  type DashboardPanel,
  type TagFilter,
} from './builders';

type Step = [color: string, from: number | null];

/** Absolute thresholds: the first step's `from` is null (the base colour). */
export function thresholds(...steps: Step[]): ThresholdsConfig {
  return { mode: ThresholdsMode.Absolute, steps: steps.map(([color, value]) => ({ color, value })) };
}

/** What a panel states itself; the builder adds its type, options and colour mode. */
export type PanelSpec = Omit<DashboardPanel, 'type' | 'fieldConfig' | 'options'> & {
  defaults: Omit<FieldConfig, 'color' | 'custom'>;
  overrides?: FieldConfigSource['overrides'];
};

function build(
  type: string,
  { defaults, overrides = [], ...rest }: PanelSpec,
  color: FieldColorModeId,
  options: Record<string, unknown>,
  custom?: Record<string, unknown>,
): DashboardPanel {
  return {
    ...rest,
    type,
    fieldConfig: { defaults: { ...defaults, ...(custom && { custom }), color: { mode: color } }, overrides },
    options,
  };
}

const LAST_VALUE = { calcs: ['lastNotNull'], fields: '', values: false };

/** A single number on a background coloured by its thresholds. */
export function statPanel(spec: PanelSpec, textMode: 'value' | 'value_and_name' = 'value'): DashboardPanel {
  return build('stat', spec, FieldColorModeId.Thresholds, {
    reduceOptions: LAST_VALUE,
    colorMode: 'background',
    graphMode: 'none',
    textMode,
    justifyMode: 'auto',
    orientation: 'auto',
    wideLayout: true,
    showPercentChange: false,
  });
}

/** Horizontal gradient bars, one per series, coloured by thresholds. */
export function barGaugePanel(spec: PanelSpec): DashboardPanel {
  return build('bargauge', spec, FieldColorModeId.Thresholds, {
    reduceOptions: LAST_VALUE,
    orientation: 'horizontal',
    displayMode: 'gradient',
    valueMode: 'color',
    namePlacement: 'left',
    showUnfilled: true,
    sizing: 'auto',
    minVizHeight: 16,
    minVizWidth: 8,
    maxVizHeight: 300,
  });
}

export interface SeriesStyle {
  draw: 'line' | 'bars';
  stacking?: 'none' | 'normal';
  /** `dashed` draws the thresholds as lines (targets such as a pickup-rate goal). */
  thresholdsStyle?: 'off' | 'dashed';
}

/** Lines (lightly filled) or bars, legend below, a multi-series tooltip sorted high to low. */
export function timeSeriesPanel(spec: PanelSpec, style: SeriesStyle): DashboardPanel {
  const custom = {
    drawStyle: style.draw,
    lineWidth: 1,
    fillOpacity: style.draw === 'bars' ? 80 : 10,
    showPoints: 'never',
    spanNulls: false,
    stacking: { mode: style.stacking ?? 'none', group: 'A' },
    axisSoftMin: 0,
    thresholdsStyle: { mode: style.thresholdsStyle ?? 'off' },
  };
  const options = {
    legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
    tooltip: { mode: 'multi', sort: 'desc' },
  };
  return build('timeseries', spec, FieldColorModeId.PaletteClassic, options, custom);
}

/**
 * The ExoPhones (and directions) the last heartbeat lists as affected, live from Prometheus, one row
 * each linking to its health timeline; `selector` holds the label matchers of the dashboard's variables.
 */
export function affectedExophonesTable(
  spec: Pick<DashboardPanel, 'id' | 'title' | 'description' | 'gridPos'>,
  selector: string,
): DashboardPanel {
  return {
    ...spec,
    type: 'table',
    datasource: PROMETHEUS,
    targets: [promTarget(`exowatch:exophone_up:max{${selector}} == 0`, { format: 'table' })],
    fieldConfig: {
      defaults: { color: { mode: FieldColorModeId.PaletteClassic }, links: [EXOPHONE_TIMELINE_LINK] },
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
  };
}

/** Field overrides by series name (the legend the query gives it). */
function byName(name: string, properties: Record<string, unknown>) {
  return {
    matcher: { id: 'byName', options: name },
    properties: Object.entries(properties).map(([id, value]) => ({ id, value })),
  };
}

const BAND_COLOUR = { mode: FieldColorModeId.Fixed, fixedColor: 'blue' };
const HIDDEN_IN_LEGEND = { legend: true, tooltip: false, viz: false };

/**
 * Incoming calls per hour against the band expected from the same hour of the trailing weeks
 * (`incoming_expected`, series `band` = expected, lower, upper): the band shaded from lower to upper,
 * expected dashed, observed inbound calls solid on top. A drop below the band is the ExoPhone that rings
 * nowhere while its heartbeat says OK.
 */
export function expectedTrafficPanel(
  spec: Pick<DashboardPanel, 'id' | 'title' | 'description' | 'gridPos'>,
  filters: TagFilter[],
): DashboardPanel {
  const hourly = { interval: '1h', filters };
  return timeSeriesPanel(
    {
      ...spec,
      datasource: EXOWATCH,
      targets: [
        exoTarget({ metric: 'incoming_expected', ...hourly, legendFormat: '{{band}}' }),
        exoTarget({
          refId: 'B',
          metric: 'calls',
          direction: ['inbound'],
          ...hourly,
          legendFormat: 'observed',
        }),
      ],
      defaults: { unit: 'short' },
      overrides: [
        byName('upper', {
          color: BAND_COLOUR,
          'custom.fillBelowTo': 'lower',
          'custom.fillOpacity': 20,
          'custom.lineWidth': 0,
          'custom.hideFrom': HIDDEN_IN_LEGEND,
        }),
        byName('lower', {
          color: BAND_COLOUR,
          'custom.fillOpacity': 0,
          'custom.lineWidth': 0,
          'custom.hideFrom': HIDDEN_IN_LEGEND,
        }),
        byName('expected', {
          color: BAND_COLOUR,
          'custom.fillOpacity': 0,
          'custom.lineStyle': { fill: 'dash', dash: [10, 10] },
        }),
        byName('observed', {
          color: { mode: FieldColorModeId.Fixed, fixedColor: 'orange' },
          'custom.fillOpacity': 0,
          'custom.lineWidth': 2,
        }),
      ],
    },
    { draw: 'line' },
  );
}

/** A ratio per team and day as lines (pickup rate, service level, …), drilling down to the team's agents. */
export function teamRatioPerDayPanel(
  spec: Pick<DashboardPanel, 'id' | 'title' | 'description' | 'gridPos'>,
  metric: string,
  ...filters: TagFilter[]
): DashboardPanel {
  return timeSeriesPanel(
    {
      ...spec,
      datasource: EXOWATCH,
      targets: [teamPerDay(metric, ...filters)],
      defaults: TEAM_RATIO_DEFAULTS,
    },
    { draw: 'line' },
  );
}
