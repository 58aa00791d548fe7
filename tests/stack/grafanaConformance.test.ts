/**
 * The rules Grafana applies when it loads our provisioning and renders our dashboards, one test each, with
 * the place in Grafana's source (github.com/grafana/grafana) or documentation each comes from. A file
 * that breaks one of them makes Grafana refuse it at start-up (alerting), file it in the wrong place
 * (folders) or render it wrongly (panels); no Grafana server runs here, so the rules are encoded.
 */
import { FieldColorModeId, TableCellDisplayMode } from '@grafana/schema';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  allPanels,
  loadDashboards,
  panelTargets,
  provisionedDataSources,
  provisionedRuleGroups,
  provisioningFiles,
  type Panel,
  type Target,
} from './support/dashboards';
import { renderAlertRules } from '../../provisioning/grafana/src/alertRules';
import { DASHBOARDS } from '../../provisioning/grafana/src/dashboards';
import { ALERT_RULES_FILE, DASHBOARDS_DIR } from '../../provisioning/grafana/src/paths';
import { PROMETHEUS_PROVISIONING } from './support/paths';
import { CALLBACKS_QUERY_TYPE, WORKLIST_COLUMNS } from '../../plugin/src/types';
import { promtool } from './support/prometheus';
import { promqlFormat, referencedVariables, templateReplacer, type Selection } from './support/templateSrv';

const groups = provisionedRuleGroups();
const rules = groups.flatMap((g) => g.rules);
const dashboards = loadDashboards().map((f) => f.dashboard);
const dataSourceUids = new Set(provisionedDataSources().map((d) => d.uid));
/** pkg/expr/service.go: DatasourceUID, the uid of server-side expressions (reduce, threshold, math). */
const EXPRESSIONS = '__expr__';

/** Prometheus-style durations, as github.com/prometheus/common/model.ParseDuration reads them, in s. */
function seconds(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d|w|y)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }[m[2]!]!;
  return Number(m[1]) * unit;
}

describe('alert rule file provisioning (pkg/services/provisioning/alerting/rules_types.go)', () => {
  it('every group has a name, a folder and an interval that is a multiple of the 10 s base interval', () => {
    // AlertRuleGroupV1.MapToModel: "rule group has no name set", "rule group has no folder set", interval
    // through model.ParseDuration; ngalert/api/validation/validation.go ValidateInterval: positive and a
    // multiple of [unified_alerting] base interval (10 s).
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect(g.name.trim()).not.toBe('');
      expect(g.folder.trim()).not.toBe('');
      expect(seconds(g.interval) % 10).toBe(0);
      expect(seconds(g.interval)).toBeGreaterThan(0);
    }
  });

  it('every rule has a title, a uid of at most 40 characters unique across the files, data and a for', () => {
    // AlertRuleV1.mapToModel: "rule has no title set", "no UID set", "no data set", `for` through
    // model.ParseDuration; ngalert/store: AlertRuleMaxUIDLength 40, AlertRuleMaxTitleLength 190; a uid is
    // unique per organisation (validation.go ValidateRuleGroup, and the alert_rule table's unique index).
    for (const r of rules) {
      expect(r.title.trim()).not.toBe('');
      expect(r.title.length).toBeLessThanOrEqual(190);
      expect(r.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
      expect(r.data.length).toBeGreaterThan(0);
      expect(seconds(r.for)).toBeGreaterThanOrEqual(0);
    }
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
  });

  it('the condition is the refId of one of the rule’s queries, and refIds are unique', () => {
    // ngalert/api/validation/validation.go ValidateCondition: "condition cannot be empty", "refID '%s' is
    // already used by query/expression", "condition %s does not exist, must be one of [...]".
    for (const r of rules) {
      const refIds = r.data.map((d) => d.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      expect({ rule: r.uid, condition: r.condition, refIds }).toEqual({
        rule: r.uid,
        condition: expect.stringMatching(new RegExp(`^(${refIds.join('|')})$`)),
        refIds,
      });
    }
  });

  it('queries run on provisioned data sources with a valid relative time range; expressions chain refIds', () => {
    // ngalert/models/alert_query.go: RelativeTimeRange.isValid (From > To), checked for every query that is
    // not an expression; the data source is looked up by datasourceUid (provisioned or __expr__);
    // expressions name their input by refId (pkg/expr: reduce/threshold `expression`).
    for (const r of rules) {
      const refIds = r.data.map((d) => d.refId);
      for (const d of r.data) {
        expect(d.model.refId).toBe(d.refId);
        if (d.datasourceUid === EXPRESSIONS) {
          expect(refIds).toContain(d.model.expression);
          continue;
        }
        expect(dataSourceUids).toContain(d.datasourceUid);
        const range = d.relativeTimeRange;
        expect({
          rule: r.uid,
          refId: d.refId,
          valid: !!range && range.from > range.to && range.to >= 0,
        }).toEqual({
          rule: r.uid,
          refId: d.refId,
          valid: true,
        });
      }
    }
  });

  it('__dashboardUid__ and __panelId__ come together and name a panel of a provisioned dashboard', () => {
    // ngalert/models/alert_rule.go SetDashboardAndPanelFromAnnotations: "both annotations __dashboardUid__
    // and __panelId__ must be specified", "__panelId__ must be a valid integer Panel ID". Provisioning fails
    // on it at server start-up, so Grafana exits. Grafana does not check the panel exists; the alert's
    // "View panel" link is dead if it does not, so that is checked here as well.
    const panelsByDashboard = new Map(dashboards.map((d) => [d.uid, allPanels(d).map((p) => p.id)]));
    for (const r of rules) {
      const dashboardUid = r.annotations.__dashboardUid__;
      const panelId = r.annotations.__panelId__;
      expect({ rule: r.uid, paired: (dashboardUid === undefined) === (panelId === undefined) }).toEqual({
        rule: r.uid,
        paired: true,
      });
      if (dashboardUid === undefined) continue;
      expect(panelId).toMatch(/^\d+$/);
      expect({ rule: r.uid, dashboardUid, panels: panelsByDashboard.get(dashboardUid) }).toEqual({
        rule: r.uid,
        dashboardUid,
        panels: expect.arrayContaining([Number(panelId)]),
      });
    }
  });

  it('the traffic-drop alert opens the panel that shows incoming calls against the expected', () => {
    const rule = rules.find((r) => r.uid === 'exowatch-incoming-traffic-dropped')!;
    const dashboard = dashboards.find((d) => d.uid === rule.annotations.__dashboardUid__)!;
    const panel = allPanels(dashboard).find((p) => p.id === Number(rule.annotations.__panelId__));
    expect(panel?.title).toBe('Incoming calls vs expected');
  });
});

describe('folders: dashboards and alert rules share one "exowatch" folder, named by title', () => {
  it('the dashboards provider names the rule groups’ folder by title and has no folderUid', () => {
    // Alert rule groups can only name a folder by title (AlertRuleGroupV1.Folder, a path of titles;
    // rules.go creates a missing one by title with a generated uid). The dashboards provider
    // (pkg/services/provisioning/dashboards/file_reader.go getOrCreateFolder) looks a folder up by
    // `folderUid` when one is set, else by `folder` title, and creates it when the lookup fails: a
    // folderUid would miss the folder alerting made and create a second one with the same title.
    const providers = provisioningFiles<{ providers: { folder?: string; folderUid?: string }[] }>(
      'dashboards',
    ).flatMap(({ doc }) => doc.providers);
    const folders = new Set([...providers.map((p) => p.folder), ...groups.map((g) => g.folder)]);
    expect([...folders]).toEqual(['exowatch']);
    for (const p of providers) expect(p).not.toHaveProperty('folderUid');
  });
});

/** Field configs of a panel: its defaults and each override's properties, as partial field configs. */
function fieldConfigs(panel: Panel): Record<string, unknown>[] {
  const defaults = (panel.fieldConfig?.defaults ?? {}) as Record<string, unknown>;
  const overrides = (panel.fieldConfig?.overrides ?? []) as {
    properties: { id: string; value: unknown }[];
  }[];
  return [defaults, ...overrides.map((o) => Object.fromEntries(o.properties.map((p) => [p.id, p.value])))];
}

const colourMode = (config: Record<string, unknown>) => (config.color as { mode?: string } | undefined)?.mode;
const cellType = (config: Record<string, unknown>) =>
  (
    (config.custom as { cellOptions?: { type?: string } } | undefined)?.cellOptions ??
    (config['custom.cellOptions'] as { type?: string } | undefined)
  )?.type;

describe('panels', () => {
  it('use only colour modes and cell display modes Grafana defines (@grafana/schema)', () => {
    // @grafana/schema FieldColorModeId and TableCellDisplayMode: anything else falls back to defaults.
    const colourModes: string[] = Object.values(FieldColorModeId);
    const cellModes: string[] = Object.values(TableCellDisplayMode);
    for (const dashboard of dashboards)
      for (const panel of allPanels(dashboard))
        for (const config of fieldConfigs(panel)) {
          for (const [value, known] of [
            [colourMode(config), colourModes],
            [cellType(config), cellModes],
          ] as const)
            if (value !== undefined)
              expect({ panel: panel.title, value, known: known.includes(value) }).toEqual({
                panel: panel.title,
                value,
                known: true,
              });
        }
  });

  it('cells coloured by value use a colour mode that reads the value (thresholds), not a palette', () => {
    // Table cells colour with field.display(value).color, which comes from the field colour mode
    // (packages/grafana-data/src/field/fieldColor.ts): `palette-classic`, `fixed` and the other palettes
    // colour by series (isByValue false) and never consult the thresholds; `thresholds`, `shades` and the
    // continuous schemes colour by value.
    const byValueCells: string[] = [
      TableCellDisplayMode.ColorBackground,
      TableCellDisplayMode.ColorBackgroundSolid,
      TableCellDisplayMode.ColorText,
      TableCellDisplayMode.Gauge,
      TableCellDisplayMode.BasicGauge,
      TableCellDisplayMode.GradientGauge,
      TableCellDisplayMode.LcdGauge,
    ];
    const byValueModes = Object.values(FieldColorModeId).filter(
      (m) =>
        m === FieldColorModeId.Thresholds || m === FieldColorModeId.Shades || m.startsWith('continuous-'),
    );
    for (const dashboard of dashboards)
      for (const panel of allPanels(dashboard).filter((p) => p.type === 'table')) {
        const [defaults, ...overrides] = fieldConfigs(panel);
        for (const config of [defaults!, ...overrides]) {
          if (!byValueCells.includes(cellType(config) ?? '')) continue;
          const mode = colourMode(config) ?? colourMode(defaults!);
          expect({
            dashboard: dashboard.uid,
            panel: panel.title,
            byValue: byValueModes.includes(mode as FieldColorModeId),
          }).toEqual({
            dashboard: dashboard.uid,
            panel: panel.title,
            byValue: true,
          });
        }
      }
  });

  it('table footers are per field (custom.footer), and the hour × weekday grid sums weekdays, not hours', () => {
    // Grafana 12's table reads footers from the field config (@grafana/schema TableFieldOptions.footer
    // {reducers}); the panel-level options.footer {show, reducer, fields} is legacy and only migrated
    // (public/app/plugins/panel/table/migrations.ts migrateFooterV2), where `fields: ""` means every
    // numeric field: the hour column would be summed too.
    for (const dashboard of dashboards)
      for (const panel of allPanels(dashboard).filter((p) => p.type === 'table'))
        expect({
          panel: panel.title,
          footer: (panel as { options?: { footer?: unknown } }).options?.footer,
        }).toEqual({
          panel: panel.title,
          footer: undefined,
        });
    const grid = allPanels(dashboards.find((d) => d.uid === 'exowatch-trends')!).find((p) =>
      p.targets?.some((t) => t.metric === 'incoming_trend'),
    )!;
    const [defaults] = fieldConfigs(grid);
    expect((defaults!.custom as { footer?: unknown }).footer).toEqual({ reducers: ['sum'] });
    const hour = (
      grid.fieldConfig!.overrides as { matcher: { options: string }; properties: unknown[] }[]
    ).find((o) => o.matcher.options === 'hour')!;
    expect(hour.properties).toContainEqual({ id: 'custom.footer', value: { reducers: [] } });
  });

  it('reduce-based panels (stat, gauge, bar gauge) say which calculation reduces each series', () => {
    // @grafana/schema SingleStatBaseOptions.reduceOptions: ReduceDataOptions, whose `calcs` is required.
    for (const dashboard of dashboards)
      for (const panel of allPanels(dashboard).filter((p) =>
        ['stat', 'gauge', 'bargauge'].includes(p.type),
      )) {
        const calcs = (panel as { options?: { reduceOptions?: { calcs?: string[] } } }).options?.reduceOptions
          ?.calcs;
        expect({ panel: panel.title, calcs }).toEqual({ panel: panel.title, calcs: [expect.any(String)] });
      }
  });
});

/** A panel's field overrides matched by name, with their properties by id. */
function nameOverrides(panel: Panel): { name: string; properties: Record<string, unknown> }[] {
  return (
    (panel.fieldConfig?.overrides ?? []) as {
      matcher: { id: string; options: unknown };
      properties: { id: string; value: unknown }[];
    }[]
  )
    .filter((o) => o.matcher.id === 'byName')
    .map((o) => ({
      name: String(o.matcher.options),
      properties: Object.fromEntries(o.properties.map((p) => [p.id, p.value])),
    }));
}

describe('series and columns named in field overrides', () => {
  it('a band (custom.fillBelowTo) fills down to another series of the same panel that the panel names', () => {
    // The time series panel fills from a series down to the field of the (joined) frame whose name,
    // displayNameFromDS or display name equals fillBelowTo (TimeSeries/utils.ts preparePlotConfigBuilder,
    // in @grafana/ui's graveyard/TimeSeries since Grafana 12); an unknown name silently draws no band. The
    // lower series is styled by name as well, so it is a series the panel's queries produce, not a typo.
    const bands = dashboards.flatMap((d) =>
      allPanels(d).flatMap((panel) =>
        nameOverrides(panel)
          .filter((o) => o.properties['custom.fillBelowTo'] !== undefined)
          .map((o) => ({
            dashboard: d.uid,
            panel: panel.title,
            from: o.name,
            to: o.properties['custom.fillBelowTo'],
            named: nameOverrides(panel).map((x) => x.name),
          })),
      ),
    );
    expect(bands.map((b) => b.dashboard).sort()).toEqual(['exowatch-noc', 'exowatch-trends']);
    for (const b of bands) {
      expect(b.to).not.toBe(b.from);
      expect(b.named).toContain(b.to);
    }
  });

  it('the callback worklist table styles only columns the worklist has', () => {
    // Field overrides match by display name (packages/grafana-data/src/transformations/matchers/
    // nameMatcher.ts); the worklist frame names its columns with WORKLIST_COLUMNS (plugin/src/types.ts).
    const columns: string[] = Object.values(WORKLIST_COLUMNS);
    const worklists = dashboards.flatMap((d) =>
      allPanels(d).filter((p) => p.targets?.some((t) => t.queryType === CALLBACKS_QUERY_TYPE)),
    );
    expect(worklists.map((p) => p.type)).toEqual(['table']);
    for (const panel of worklists)
      for (const { name } of nameOverrides(panel))
        expect({ panel: panel.title, name, known: columns.includes(name) }).toEqual({
          panel: panel.title,
          name,
          known: true,
        });
  });
});

/** Prometheus recording rules: recorded name → the labels its `by (…)` keeps. */
const recordedLabels = new Map(
  readdirSync(join(PROMETHEUS_PROVISIONING, 'rules'))
    .flatMap(
      (f) =>
        (
          parseYaml(readFileSync(join(PROMETHEUS_PROVISIONING, 'rules', f), 'utf8')) as {
            groups: { rules: { record?: string; expr: string }[] }[];
          }
        ).groups,
    )
    .flatMap((g) => g.rules)
    .filter((r) => r.record !== undefined)
    .map((r) => [r.record!, /\bby \(([^)]*)\)/.exec(r.expr)?.[1]?.split(/,\s*/) ?? []] as const),
);

/** Labels the series of a target carry: its group-by keys (exowatch), or a recorded series' labels. */
function labelsOfTarget(target: Target): string[] {
  const groupBy = (target.groupBy as string[] | undefined) ?? [];
  const expr = typeof target.expr === 'string' ? target.expr : '';
  if (/^\s*\w+\s*\(/.test(expr)) return groupBy; // an aggregation keeps only its own `by` labels
  const recorded = [...expr.matchAll(/[\w:]+/g)].flatMap((m) => recordedLabels.get(m[0]) ?? []);
  return [...groupBy, ...recorded];
}

describe('Prometheus targets and the dashboard variables', () => {
  const promTargets = dashboards
    .flatMap((d) => panelTargets(d))
    .filter((t) => t.datasource.type === 'prometheus');
  const where = (t: (typeof promTargets)[number]) => `${t.dashboard.uid} / "${t.panel.title}"`;
  const exprOf = (t: (typeof promTargets)[number]) => String(t.target.expr);

  it('a Prometheus target filters on every dashboard variable named after a label its series carry', () => {
    // A panel that ignores a variable shows every region / ExoPhone / direction whatever is selected.
    // The labels are those the recording rules keep (provisioning/prometheus/rules, docs/metrics.md).
    expect(promTargets.length).toBeGreaterThan(0);
    for (const t of promTargets) {
      const names = [...exprOf(t).matchAll(/exowatch[\w:]*/g)].map((m) => m[0]);
      for (const name of names)
        expect({ metric: name, recorded: recordedLabels.has(name) }).toEqual({
          metric: name,
          recorded: true,
        });
      const labels = new Set(names.flatMap((n) => recordedLabels.get(n) ?? []));
      const variables = t.dashboard.templating.list.filter((v) => v.type !== 'adhoc' && labels.has(v.name));
      const used = new Set(referencedVariables(exprOf(t)));
      for (const v of variables)
        expect({ target: where(t), variable: v.name, used: used.has(v.name) }).toEqual({
          target: where(t),
          variable: v.name,
          used: true,
        });
    }
  });

  it('renders to valid PromQL with All and with selected values (promtool check rules parses it)', () => {
    // template_srv.ts inserts a custom all value unformatted ("skip formatting of custom all values"),
    // so All must itself be a valid regex (`*` is not: "missing argument to repetition operator"). The
    // Prometheus data source formats selected values with interpolateQueryExpr (promqlFormat): ExoPhone
    // numbers start with `+`, and `${var:regex}` would write `\+`, an invalid escape in a PromQL string.
    const all: Selection = {};
    const chosen: Selection = {};
    for (const d of dashboards)
      for (const v of d.templating.list) {
        all[v.name] = ['$__all'];
        chosen[v.name] = ['+918047112345', 'KA.(north)|x'];
      }
    const rendered = (selection: Selection) =>
      promTargets.map((t) => templateReplacer(t.dashboard, selection)(exprOf(t), promqlFormat));
    const exprs = [...rendered(all), ...rendered(chosen)];
    expect(exprs.join('\n')).not.toMatch(/\$\w/);
    const dir = mkdtempSync(join(tmpdir(), 'exowatch-promql-'));
    try {
      const rules = exprs.map((expr, i) => ({ record: `exowatch_rendered_${i}`, expr }));
      writeFileSync(join(dir, 'rendered.yml'), stringifyYaml({ groups: [{ name: 'rendered', rules }] }));
      const { code, output } = promtool(['check', 'rules', 'rendered.yml'], dir);
      expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining('SUCCESS') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('wall-screen navigation', () => {
  it('every dashboard has one ad hoc filter variable on the exowatch data source', () => {
    // Grafana passes a dashboard's ad hoc filters to the queries of the data source the adhoc variable
    // names (DataQueryRequest.filters; docs: "Add ad hoc filters"), and lists keys and values through
    // the data source's getTagKeys/getTagValues: the variable must name the exowatch data source.
    for (const dashboard of dashboards) {
      const adhoc = dashboard.templating.list.filter((v) => v.type === 'adhoc');
      expect({ dashboard: dashboard.uid, adhoc: adhoc.map((v) => v.datasource) }).toEqual({
        dashboard: dashboard.uid,
        adhoc: [{ type: 'exowatch-exotel-datasource', uid: 'exowatch' }],
      });
    }
  });

  it('data links open a provisioned dashboard, set only variables it has from labels the panel carries, keep time', () => {
    // Data link URLs are interpolated with the data link variables (docs: "Data links" — ${__field.labels.<label>},
    // ${__data.fields.<field>}, ${__url_time_range}); /d/<uid> opens a dashboard by uid and var-<name>
    // sets its variable <name>, which must exist there or Grafana ignores it.
    const variablesOf = new Map(dashboards.map((d) => [d.uid, d.templating.list.map((v) => v.name)]));
    const drills = new Set<string>();
    for (const dashboard of dashboards)
      for (const panel of allPanels(dashboard)) {
        const links = ((
          panel.fieldConfig?.defaults as { links?: { title: string; url: string }[] } | undefined
        )?.links ?? []) as { title: string; url: string }[];
        const carried = new Set((panel.targets ?? []).flatMap(labelsOfTarget));
        for (const link of links) {
          const url = new URL(link.url, 'http://grafana');
          const uid = /^\/d\/([\w-]+)$/.exec(url.pathname)?.[1] ?? '';
          expect({ panel: panel.title, uid, known: variablesOf.has(uid) }).toEqual({
            panel: panel.title,
            uid,
            known: true,
          });
          expect(link.url).toContain('${__url_time_range}');
          for (const [key, value] of url.searchParams) {
            if (!key.startsWith('var-')) continue;
            expect(variablesOf.get(uid)).toContain(key.slice(4));
            const label = /^\$\{__(?:field\.labels|data\.fields)\.(\w+)\}$/.exec(value)?.[1];
            if (label !== undefined) {
              expect({ panel: panel.title, label, carried: carried.has(label) }).toEqual({
                panel: panel.title,
                label,
                carried: true,
              });
              drills.add(`${label}→${uid}`);
            }
          }
        }
      }
    // Team → its agents, ExoPhone → its health timeline, region → its numbers.
    expect([...drills].sort()).toEqual([
      'exophone→exowatch-exophones',
      'region→exowatch-exophones',
      'team→exowatch-teams',
    ]);
  });
});

describe('generated provisioning', () => {
  it('exowatch-rules.yaml is what provisioning/grafana/src/alertRules.ts generates (npm run grafana:generate)', () => {
    expect(readFileSync(ALERT_RULES_FILE, 'utf8')).toBe(renderAlertRules());
  });

  it('dashboards/*.json are what provisioning/grafana/src/dashboards/*.ts generate, and nothing else', () => {
    const committed = readdirSync(DASHBOARDS_DIR).filter((f) => f.endsWith('.json'));
    expect(committed.sort()).toEqual(Object.keys(DASHBOARDS).sort());
    for (const [file, dashboard] of Object.entries(DASHBOARDS)) {
      const text = readFileSync(join(DASHBOARDS_DIR, file), 'utf8');
      expect({ file, json: JSON.parse(text) as unknown }).toEqual({
        file,
        json: JSON.parse(JSON.stringify(dashboard)) as unknown,
      });
    }
  });
});
