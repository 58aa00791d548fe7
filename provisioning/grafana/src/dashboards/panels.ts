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
  PROMETHEUS,
  TEAM_RATIO_DEFAULTS,
  exowatchQueries,
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

/** The pickup-rate goal: red below 70 %, orange below 85 % (as the panels' descriptions say). */
export const PICKUP_RATE_THRESHOLDS = thresholds(['red', null], ['orange', 0.7], ['green', 0.85]);

/** The service-level goal: red below 60 %, orange below 80 % of offered calls answered within 20 s. */
export const SERVICE_LEVEL_THRESHOLDS = thresholds(['red', null], ['orange', 0.6], ['green', 0.8]);

/** What a panel built whole by one of the builders below states itself: its id, title, description and place. */
export type PanelHeading = Pick<DashboardPanel, 'id' | 'title' | 'description' | 'gridPos'>;

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

/** One exowatch metric over the whole time range (interval `all`) for these filters, as a stat tile. */
export function totalStat(
  spec: PanelHeading,
  metric: string,
  filters: TagFilter[],
  defaults: PanelSpec['defaults'],
): DashboardPanel {
  return statPanel({ ...spec, ...exowatchQueries({ metric, interval: 'all', filters }), defaults });
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

/** The ExoPhone × direction pairs the last heartbeat lists as affected; `selector` holds label matchers. */
function affectedExophones(selector: string): string {
  return `exowatch:exophone_up:max{${selector}} == 0`;
}

/** How many ExoPhone × direction pairs are affected now, live from Prometheus: anything above 0 is red. */
export function affectedExophonesStat(spec: PanelHeading, selector: string): DashboardPanel {
  return statPanel({
    ...spec,
    datasource: PROMETHEUS,
    targets: [promTarget(`count(${affectedExophones(selector)}) or vector(0)`)],
    defaults: { unit: 'short', thresholds: thresholds(['green', null], ['red', 1]) },
  });
}

/**
 * The ExoPhones (and directions) the last heartbeat lists as affected, live from Prometheus, one row
 * each linking to its health timeline; `selector` holds the label matchers of the dashboard's variables.
 */
export function affectedExophonesTable(spec: PanelHeading, selector: string): DashboardPanel {
  return {
    ...spec,
    type: 'table',
    datasource: PROMETHEUS,
    targets: [promTarget(affectedExophones(selector), { format: 'table' })],
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

/**
 * Seconds the collector's picture is behind (oldest account), live from Prometheus: orange after
 * `orangeAfter` seconds, red after 15 min.
 */
function secondsBehindStat(spec: PanelHeading, expr: string, orangeAfter: number): DashboardPanel {
  return statPanel({
    ...spec,
    datasource: PROMETHEUS,
    targets: [promTarget(expr)],
    defaults: { unit: 's', thresholds: thresholds(['green', null], ['orange', orangeAfter], ['red', 900]) },
  });
}

/** Seconds since Exotel's last heartbeat: after 10 min (orange) ExoPhone health is getting stale. */
export function heartbeatAgeStat(spec: PanelHeading): DashboardPanel {
  return secondsBehindStat(spec, 'max(exowatch:heartbeat_age_seconds:min)', 600);
}

/** How far the call sync is behind now: normal is 1–2 min, orange after 5. */
export function syncLagStat(spec: PanelHeading): DashboardPanel {
  return secondsBehindStat(spec, 'max(exowatch:sync_lag_seconds:min)', 300);
}

/** Missed calls stacked by reason (no-answer, busy, failed, caller-hangup, unsettled) for these filters. */
export function missedByReasonPanel(spec: PanelHeading, filters: TagFilter[]): DashboardPanel {
  return timeSeriesPanel(
    {
      ...spec,
      ...exowatchQueries({ metric: 'missed', filters, legendFormat: '{{reason}}' }),
      defaults: { unit: 'short' },
    },
    { draw: 'bars', stacking: 'normal' },
  );
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
export function expectedTrafficPanel(spec: PanelHeading, filters: TagFilter[]): DashboardPanel {
  const hourly = { interval: '1h', filters };
  return timeSeriesPanel(
    {
      ...spec,
      ...exowatchQueries(
        { metric: 'incoming_expected', ...hourly, legendFormat: '{{band}}' },
        { metric: 'calls', direction: ['inbound'], ...hourly, legendFormat: 'observed' },
      ),
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
  spec: PanelHeading,
  metric: string,
  ...filters: TagFilter[]
): DashboardPanel {
  return timeSeriesPanel(
    { ...spec, ...exowatchQueries(teamPerDay(metric, ...filters)), defaults: TEAM_RATIO_DEFAULTS },
    { draw: 'line' },
  );
}
