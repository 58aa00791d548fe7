/**
 * A provisioned dashboard as a NOC user sees it: every panel's exowatch queries run through the
 * plugin's DataSource against the demo collector, the panel's transformations and field config applied,
 * drawn by the @grafana/ui visualisation of its type, laid out by gridPos like Grafana's dashboard grid.
 * Panels of other data sources (Prometheus, PostgreSQL: not running here) say so instead of drawing.
 */
import {
  dateMath,
  getDisplayValueAlignmentFactors,
  getFieldDisplayName,
  getFieldDisplayValues,
  rangeUtil,
  FieldType,
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  type DataTransformerConfig,
  type DisplayValue,
  type DisplayValueAlignmentFactors,
  type FieldConfigSource,
  type FieldDisplay,
  type GrafanaTheme2,
  type InterpolateFunction,
  type ReduceDataOptions,
  type TimeRange,
} from '@grafana/data';
import {
  BarGauge,
  BarGaugeDisplayMode,
  BigValue,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  PanelChrome,
  Stack,
  Table,
  Text,
  TimeSeries,
  useTheme2,
} from '@grafana/ui';
import { BarGaugeNamePlacement, BarGaugeValueMode, VizOrientation, type VizLegendOptions } from '@grafana/schema';
import React, { useEffect, useState } from 'react';
import { from, lastValueFrom } from 'rxjs';

import type { Panel as DashboardPanel, Target } from './dashboardModel';
import { processFrames } from './fieldConfig';
import type { ResolvedVariable } from './variables';

export const PLUGIN_TYPE = 'exowatch-exotel-datasource';

/** The panel types the preview draws; any other type is reported, and the browser test fails on it. */
export const RENDERED_TYPES = ['timeseries', 'stat', 'bargauge', 'table', 'state-timeline'] as const;

// Grafana's dashboard grid (public/app/core/constants.ts).
const GRID_CELL_HEIGHT = 30;
const GRID_CELL_VMARGIN = 8;
const GRID_COLUMN_COUNT = 24;

/** A panel as the preview draws it: with Grafana's field config, its options and its transformations. */
export type Panel = DashboardPanel<FieldConfigSource> & {
  fieldConfig: FieldConfigSource;
  options: Record<string, unknown>;
  transformations?: DataTransformerConfig[];
};

export interface Dashboard {
  title: string;
  time: { from: string; to: string };
  panels: Panel[];
  templating?: { list: unknown[] };
}

/** What a panel came to; the browser test reads it from data-state. */
type Outcome =
  | { state: 'data'; frames: DataFrame[] }
  | { state: 'no-data' | 'other-datasource' | 'unrendered-type' | 'error'; message: string };

/** The dashboard's default time range, relative to `now` (the demo's data instant, not the wall clock). */
export function dashboardRange(time: Dashboard['time'], now: number): TimeRange {
  const from = dateMath.toDateTime(time.from, { now });
  const to = dateMath.toDateTime(time.to, { now, roundUp: true });
  if (!from || !to) {
    throw new Error(`cannot read the dashboard time range ${JSON.stringify(time)}`);
  }
  return { from, to, raw: time };
}

function exowatchTargets(panel: Panel): Target[] {
  return (panel.targets ?? []).filter((t) => (t.datasource ?? panel.datasource)?.type === PLUGIN_TYPE);
}

/** What every panel of the dashboard queries with: the data source, the dashboard's range and its variables. */
interface QueryContext {
  ds: DataSourceApi;
  range: TimeRange;
  replace: InterpolateFunction;
}

async function runPanel(
  panel: Panel,
  { ds, range, replace }: QueryContext,
  innerWidth: number,
  theme: GrafanaTheme2
): Promise<Outcome> {
  if (!(RENDERED_TYPES as readonly string[]).includes(panel.type)) {
    return { state: 'unrendered-type', message: `Panel type "${panel.type}" is not rendered by the preview` };
  }
  const targets = exowatchTargets(panel);
  if (targets.length === 0) {
    const source = panel.targets?.[0]?.datasource?.type ?? panel.datasource?.type ?? 'none';
    return { state: 'other-datasource', message: `Data source ${source}: not running in the preview` };
  }
  // Grafana's interval for the panel: the range over its width in pixels (PanelQueryRunner).
  const interval = rangeUtil.calculateInterval(range, Math.max(1, Math.round(innerWidth)));
  const request = {
    requestId: `preview-${panel.id}`,
    interval: interval.interval,
    intervalMs: interval.intervalMs,
    maxDataPoints: Math.round(innerWidth),
    range,
    rangeRaw: range.raw,
    scopedVars: {
      __interval: { text: interval.interval, value: interval.interval },
      __interval_ms: { text: String(interval.intervalMs), value: interval.intervalMs },
    },
    targets,
    filters: [],
    timezone: 'browser',
    app: 'dashboard',
    startTime: range.to.valueOf(),
  } as unknown as DataQueryRequest;
  const response = (await lastValueFrom(
    from(Promise.resolve(ds.query(request) as Promise<DataQueryResponse>))
  )) as DataQueryResponse;
  if (response.errors?.length || response.error) {
    const errors = response.errors ?? [response.error!];
    return { state: 'error', message: errors.map((e) => e.message).join('; ') };
  }
  const frames = await processFrames(response.data, panel, theme, replace);
  const hasValues = frames.some((f) =>
    f.fields.some((x) => x.type !== FieldType.time && x.values.some((v) => v !== null && v !== undefined))
  );
  return hasValues ? { state: 'data', frames } : { state: 'no-data', message: 'No data' };
}

/** Every field's name and unit by its display name (what a table header shows). */
function fieldsByDisplayName(frames: DataFrame[]): Record<string, { name: string; unit?: string }> {
  return Object.fromEntries(
    frames.flatMap((frame) =>
      frame.fields.map((f) => [getFieldDisplayName(f, frame, frames), { name: f.name, unit: f.config.unit }])
    )
  );
}

function displayValues(panel: Panel, frames: DataFrame[], theme: GrafanaTheme2, replace: InterpolateFunction) {
  return getFieldDisplayValues({
    data: frames,
    reduceOptions: panel.options.reduceOptions as ReduceDataOptions,
    fieldConfig: panel.fieldConfig,
    replaceVariables: replace,
    theme,
    timeZone: 'browser',
  });
}

/** What BigValue and BarGauge both take for one value: its display, its box, the alignment of them all. */
interface ValueCell {
  theme: GrafanaTheme2;
  value: DisplayValue;
  width: number;
  height: number;
  alignmentFactors: DisplayValueAlignmentFactors;
}

/** Items side by side when the panel is wider than tall (grafana-ui VizRepeater, orientation auto). */
function Repeat({
  values,
  width,
  height,
  vertical,
  minHeight = 16,
  maxHeight = Infinity,
  render,
}: {
  values: FieldDisplay[];
  width: number;
  height: number;
  vertical: boolean;
  minHeight?: number;
  maxHeight?: number;
  render: (value: FieldDisplay, cell: ValueCell) => React.ReactNode;
}) {
  const theme = useTheme2();
  const alignmentFactors = getDisplayValueAlignmentFactors(values);
  const spacing = 8;
  const n = values.length;
  const itemWidth = vertical ? width : (width - spacing * (n - 1)) / n;
  const itemHeight = vertical ? Math.min(maxHeight, Math.max(minHeight, (height - spacing * (n - 1)) / n)) : height;
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: vertical ? 'column' : 'row',
        gap: spacing,
        width,
        height,
        overflowY: 'auto',
      }}
    >
      {values.map((v, i) => (
        <div
          key={i}
          data-preview-value
          data-field={v.display.title}
          data-name={v.view?.dataFrame.fields[v.colIndex ?? 0]?.name}
          data-unit={v.field.unit}
          style={{ width: itemWidth, height: itemHeight, flexShrink: 0 }}
        >
          {render(v, { theme, value: v.display, width: itemWidth, height: itemHeight, alignmentFactors })}
        </div>
      ))}
    </div>
  );
}

/**
 * A state timeline, drawn by the preview: Grafana's state-timeline panel lives in Grafana itself
 * (public/app/plugins/panel/state-timeline), not in @grafana/ui. Colours and texts are the field's
 * display processor's (value mappings), as in Grafana.
 */
function StateTimeline({
  frames,
  width,
  height,
  range,
}: {
  frames: DataFrame[];
  width: number;
  height: number;
  range: TimeRange;
}) {
  const theme = useTheme2();
  const rows = frames.flatMap((frame) => {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    return frame.fields
      .filter((f) => f.type !== FieldType.time && time)
      .map((field) => ({ frame, field, time: time! }));
  });
  const labelWidth = 160;
  const legendHeight = 24;
  const rowHeight = Math.max(8, (height - legendHeight) / Math.max(1, rows.length));
  const from = range.from.valueOf();
  const span = range.to.valueOf() - from;
  const plotWidth = width - labelWidth;
  const legend = new Map<string, string>();
  return (
    <div style={{ width, height }}>
      {rows.map(({ frame, field, time }, r) => {
        const segments: Array<{ start: number; end: number; text: string; color: string }> = [];
        field.values.forEach((value, i) => {
          const shown = field.display!(value);
          const start = Math.max(from, time.values[i]);
          const end = Math.min(from + span, time.values[i + 1] ?? from + span);
          const last = segments.at(-1);
          legend.set(shown.text, shown.color ?? theme.colors.text.secondary);
          if (last && last.text === shown.text && last.end === start) {
            last.end = end;
          } else if (end > start) {
            segments.push({ start, end, text: shown.text, color: shown.color ?? theme.colors.text.secondary });
          }
        });
        return (
          <div key={r} style={{ display: 'flex', height: rowHeight, alignItems: 'center' }}>
            <div style={{ width: labelWidth, fontSize: 12, overflow: 'hidden', whiteSpace: 'nowrap' }}>
              {getFieldDisplayName(field, frame, frames)}
            </div>
            <div style={{ position: 'relative', width: plotWidth, height: rowHeight * 0.8 }}>
              {segments.map((s, i) => (
                <div
                  key={i}
                  title={s.text}
                  style={{
                    position: 'absolute',
                    left: ((s.start - from) / span) * plotWidth,
                    width: Math.max(1, ((s.end - s.start) / span) * plotWidth),
                    top: 0,
                    bottom: 0,
                    background: s.color,
                    opacity: 0.8,
                  }}
                />
              ))}
            </div>
          </div>
        );
      })}
      <Stack gap={2}>
        {[...legend].map(([text, color]) => (
          <Stack key={text} gap={0.5} alignItems="center">
            <span style={{ width: 14, height: 4, background: color, display: 'inline-block' }} />
            <Text variant="bodySmall">{text}</Text>
          </Stack>
        ))}
      </Stack>
    </div>
  );
}

function Visualisation({
  panel,
  frames,
  width,
  height,
  range,
  replace,
}: {
  panel: Panel;
  frames: DataFrame[];
  width: number;
  height: number;
  range: TimeRange;
  replace: InterpolateFunction;
}) {
  const theme = useTheme2();
  const o = panel.options;
  // Stat and bar gauge: one value per field (or row), reduced as the panel says.
  const values = panel.type === 'stat' || panel.type === 'bargauge' ? displayValues(panel, frames, theme, replace) : [];
  switch (panel.type) {
    case 'timeseries':
      return (
        <TimeSeries
          frames={frames}
          width={width}
          height={height}
          timeRange={range}
          timeZone="browser"
          legend={o.legend as VizLegendOptions}
          options={o}
        />
      );
    case 'stat':
      return (
        <Repeat
          values={values}
          width={width}
          height={height}
          vertical={width < height}
          render={(_, cell) => (
            <BigValue
              {...cell}
              colorMode={o.colorMode as BigValueColorMode}
              graphMode={o.graphMode as BigValueGraphMode}
              justifyMode={o.justifyMode as BigValueJustifyMode}
              textMode={o.textMode as BigValueTextMode}
              count={values.length}
            />
          )}
        />
      );
    case 'bargauge':
      return (
        <Repeat
          values={values}
          width={width}
          height={height}
          vertical={o.orientation === VizOrientation.Horizontal}
          minHeight={o.minVizHeight as number}
          maxHeight={o.maxVizHeight as number}
          render={(v, cell) => (
            <BarGauge
              {...cell}
              field={v.field}
              display={v.colIndex === undefined ? undefined : v.view?.getFieldDisplayProcessor(v.colIndex)}
              orientation={o.orientation as VizOrientation}
              displayMode={o.displayMode as BarGaugeDisplayMode}
              valueDisplayMode={o.valueMode as BarGaugeValueMode}
              namePlacement={o.namePlacement as BarGaugeNamePlacement}
              showUnfilled={o.showUnfilled as boolean}
            />
          )}
        />
      );
    case 'table':
      // Grafana's table panel shows the first frame when there are several (with a frame picker).
      return (
        <Table
          data={frames[0]}
          width={width}
          height={height}
          cellHeight={o.cellHeight as never}
          timeRange={range}
          fieldConfig={panel.fieldConfig}
          replaceVariables={replace}
          initialSortBy={o.sortBy as never}
        />
      );
    case 'state-timeline':
      return <StateTimeline frames={frames} width={width} height={height} range={range} />;
    default:
      return null;
  }
}

function PreviewPanel({
  panel,
  width,
  height,
  queryContext,
  onDone,
}: {
  panel: Panel;
  width: number;
  height: number;
  queryContext: QueryContext;
  onDone: () => void;
}) {
  const { range, replace } = queryContext;
  const theme = useTheme2();
  const [outcome, setOutcome] = useState<Outcome>();
  useEffect(() => {
    // Every panel queries at once, as Grafana fires them; Chromium runs at most six requests per host
    // at a time, as it does for Grafana's frontend.
    runPanel(panel, queryContext, width, theme)
      .catch((e: unknown): Outcome => ({ state: 'error', message: e instanceof Error ? e.message : String(e) }))
      .then((result) => {
        setOutcome(result);
        onDone();
      });
    // One run per page load: the dashboard, its variables and its range do not change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const title = replace(panel.title);
  return (
    <div
      data-preview-panel={panel.id}
      data-panel-type={panel.type}
      data-title={title}
      data-state={outcome?.state ?? 'loading'}
      data-fields={outcome?.state === 'data' ? JSON.stringify(fieldsByDisplayName(outcome.frames)) : undefined}
      style={{ width, height }}
    >
      <PanelChrome
        title={title}
        description={panel.description}
        width={width}
        height={height}
        statusMessage={outcome?.state === 'error' ? outcome.message : undefined}
      >
        {(innerWidth, innerHeight) =>
          outcome?.state === 'data' ? (
            <Visualisation
              panel={panel}
              frames={outcome.frames}
              width={innerWidth}
              height={innerHeight}
              range={range}
              replace={replace}
            />
          ) : (
            <div
              data-preview-message
              style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', height: innerHeight }}
            >
              <Text color="secondary">{outcome?.message ?? 'Loading…'}</Text>
            </div>
          )
        }
      </PanelChrome>
    </div>
  );
}

export function DashboardPreview({
  dashboard,
  ds,
  variables,
  range,
  width,
  replace,
  onReady,
}: {
  dashboard: Dashboard;
  ds: DataSourceApi;
  variables: ResolvedVariable[];
  range: TimeRange;
  width: number;
  replace: InterpolateFunction;
  onReady: () => void;
}) {
  const theme = useTheme2();
  const column = (width - GRID_CELL_VMARGIN * (GRID_COLUMN_COUNT - 1)) / GRID_COLUMN_COUNT;
  const [pending] = useState(() => new Set(dashboard.panels.map((p) => p.id)));
  const done = (id: number) => {
    pending.delete(id);
    if (pending.size === 0) {
      onReady();
    }
  };
  const queryContext = { ds, range, replace };
  const bottom = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h));
  return (
    <div style={{ width }}>
      <Stack direction="column" gap={1}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h1" variant="h3">
            {dashboard.title}
          </Text>
          <Text color="secondary">
            {range.from.format('YYYY-MM-DD HH:mm')} to {range.to.format('YYYY-MM-DD HH:mm')} ({dashboard.time.from} to{' '}
            {dashboard.time.to})
          </Text>
        </Stack>
        <Stack gap={1} wrap="wrap">
          {variables.map((v) => (
            <span
              key={v.name}
              style={{
                border: `1px solid ${theme.colors.border.medium}`,
                borderRadius: theme.shape.radius.default,
                padding: '4px 8px',
                background: theme.colors.background.primary,
              }}
            >
              <Text color="secondary">{v.name}</Text> <Text>{v.text}</Text>
            </span>
          ))}
        </Stack>
        <div style={{ position: 'relative', height: bottom * (GRID_CELL_HEIGHT + GRID_CELL_VMARGIN) }}>
          {dashboard.panels.map((panel) => {
            const { x, y, w, h } = panel.gridPos;
            const panelWidth = w * column + (w - 1) * GRID_CELL_VMARGIN;
            const panelHeight = h * GRID_CELL_HEIGHT + (h - 1) * GRID_CELL_VMARGIN;
            return (
              <div
                key={panel.id}
                style={{
                  position: 'absolute',
                  left: x * (column + GRID_CELL_VMARGIN),
                  top: y * (GRID_CELL_HEIGHT + GRID_CELL_VMARGIN),
                }}
              >
                <PreviewPanel
                  panel={panel}
                  width={panelWidth}
                  height={panelHeight}
                  queryContext={queryContext}
                  onDone={() => done(panel.id)}
                />
              </div>
            );
          })}
        </div>
      </Stack>
    </div>
  );
}
