// The dashboard preview in Chromium: every provisioned dashboard (dashboards/*.json) rendered by the
// harness page with @grafana/ui, its panels fed by the plugin's DataSource from the demo collector.
// Checks that every exowatch panel has data, and that stat, bar gauge and table colours are those the
// panel JSON's thresholds give the value shown (thresholdColour.mjs).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { previewInstant } from './instant.mjs';
import { dashboardsDir, step } from './setup.mjs';
import { displayedRange, drewColour, thresholdColourNames } from './thresholdColour.mjs';

const PLUGIN_TYPE = 'exowatch-exotel-datasource';
export const PREVIEW_VIEWPORT = { width: 1600, height: 1000 };

/** The provisioned dashboards by file name (without .json), read from the repository. */
export function provisionedDashboards() {
  return readdirSync(dashboardsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      name: f.slice(0, -'.json'.length),
      json: JSON.parse(readFileSync(join(dashboardsDir, f), 'utf8')),
    }));
}

/**
 * Opens a dashboard's preview and waits until every panel has run its queries.
 * @param {{ server: { url: string }, browser: import('playwright-core').Browser, collectorNow: number, metrics: Array<{ name: string, source: string }> }} env what setup.mjs started
 * @param {{ name: string, json: object }} dashboard
 */
export async function openDashboardPreview(env, dashboard) {
  const page = await env.browser.newPage({ viewport: PREVIEW_VIEWPORT });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const now = previewInstant(dashboard.json, env.collectorNow, env.metrics);
  const name = dashboard.name;
  await page.goto(`${env.server.url}/?page=dashboard&name=${name}&now=${now}`);
  await page.waitForFunction(
    () => window.harness?.ready || document.body.textContent.startsWith('harness failed'),
    null,
    { timeout: 45_000 }
  );
  const failed = await page.evaluate(() => (window.harness?.ready ? null : document.body.textContent));
  assert.equal(failed, null, `${name}: the preview page failed`);
  // uPlot draws on the next frames after React's render.
  await page.waitForTimeout(300);
  return { page, errors };
}

/**
 * Thresholds and colouring of a field as the panel JSON sets them: defaults, then overrides matched
 * by field name or display name (grafana-data matchers/nameMatcher.ts fieldNameMatcher).
 */
function fieldSettings(panel, names) {
  const settings = {
    thresholds: panel.fieldConfig.defaults.thresholds,
    colorMode: panel.fieldConfig.defaults.color?.mode,
    cellType: panel.fieldConfig.defaults.custom?.cellOptions?.type,
    min: panel.fieldConfig.defaults.min,
    max: panel.fieldConfig.defaults.max,
  };
  for (const override of panel.fieldConfig.overrides) {
    const { id, options } = override.matcher;
    if (!['byName', 'byNames'].includes(id)) {
      throw new Error(`${panel.title}: the colour check cannot match overrides by ${id}`);
    }
    const matches = id === 'byName' ? names.includes(options) : names.some((n) => options.names?.includes(n));
    if (!matches) {
      continue;
    }
    for (const p of override.properties) {
      if (p.id === 'thresholds') {
        settings.thresholds = p.value;
      } else if (p.id === 'color') {
        settings.colorMode = p.value?.mode;
      } else if (p.id === 'custom.cellOptions') {
        settings.cellType = p.value?.type;
      }
    }
  }
  return settings;
}

/** What each coloured value of a panel shows: its field name, text, and the colours read from the page. */
function readColouredValues(page, id, type) {
  return page.evaluate(
    ([id, type]) => {
      const panel = document.querySelector(`[data-preview-panel="${id}"]`);
      const fields = JSON.parse(panel.dataset.fields ?? '{}');
      if (type === 'stat') {
        return [...panel.querySelectorAll('[data-preview-value]')].map((wrapper) => {
          const root = wrapper.firstElementChild;
          // FormattedValueDisplay: a div of spans (prefix, text, suffix); a title is a plain div.
          const value = [...root.querySelectorAll('div')]
            .filter((d) => d.children.length > 0 && [...d.children].every((c) => c.tagName === 'SPAN'))
            .at(-1);
          return {
            field: wrapper.dataset.field,
            name: wrapper.dataset.name,
            unit: wrapper.dataset.unit,
            text: value?.textContent ?? '',
            css: getComputedStyle(root).backgroundImage,
          };
        });
      }
      if (type === 'bargauge') {
        return [...panel.querySelectorAll('[data-preview-value]')].map((wrapper) => {
          const value = wrapper.querySelector('[data-testid="data-testid Bar gauge value"]');
          return {
            field: wrapper.dataset.field,
            name: wrapper.dataset.name,
            unit: wrapper.dataset.unit,
            text: value.textContent,
            css: getComputedStyle(value).color,
          };
        });
      }
      const headers = [...panel.querySelectorAll('[role="columnheader"]')].map((h) => h.textContent.trim());
      return [...panel.querySelectorAll('[role="row"]')].flatMap((row) =>
        [...row.querySelectorAll('[role="cell"]')].map((cell, i) => {
          const text = cell.textContent.trim();
          // The element that draws the cell: the deepest one holding the whole text.
          let drawn = cell;
          for (let el = cell.firstElementChild; el && el.textContent.trim() === text; el = el.firstElementChild) {
            drawn = el;
          }
          const styled = [cell, ...cell.querySelectorAll('*')].find(
            (el) => getComputedStyle(el).backgroundImage !== 'none'
          );
          return {
            field: headers[i],
            name: fields[headers[i]]?.name,
            unit: fields[headers[i]]?.unit,
            text,
            color: getComputedStyle(drawn).color,
            background: styled ? getComputedStyle(styled).backgroundImage : 'none',
          };
        })
      );
    },
    [id, type]
  );
}

/**
 * Colour checks of one panel. Returns how many values were checked; throws on the first value whose
 * drawn colour is not its threshold colour.
 */
async function checkPanelColours(page, panel, title, colourOf) {
  const values = await readColouredValues(page, panel.id, panel.type);
  let checked = 0;
  for (const v of values) {
    const settings = fieldSettings(panel, [v.field, v.name]);
    if (settings.colorMode !== 'thresholds' || !settings.thresholds) {
      continue;
    }
    let kind;
    let css;
    if (panel.type === 'stat') {
      assert.equal(panel.options.colorMode, 'background', `${title}: the colour check reads background stats only`);
      [kind, css] = ['stat-background', v.css];
    } else if (panel.type === 'bargauge') {
      assert.equal(panel.options.valueMode, 'color', `${title}: the colour check reads coloured values only`);
      [kind, css] = ['text', v.css];
    } else if (settings.cellType === 'color-text') {
      [kind, css] = ['text', v.color];
    } else if (settings.cellType === 'color-background') {
      [kind, css] = ['cell-background', v.background];
    } else {
      continue;
    }
    let values;
    try {
      values = displayedRange(v.text, v.unit);
    } catch {
      // A text column in a coloured table (names, directions) has no threshold colour.
      assert.equal(panel.type, 'table', `${title}: "${v.text}" of ${v.field} is not a value in unit ${v.unit}`);
      continue;
    }
    // A value printed as a step's own text ("1.50 hours" for 5,399 s) may lie on either side of it.
    const names = thresholdColourNames(settings.thresholds, values, settings);
    const hexes = await Promise.all(names.map(colourOf));
    assert.ok(
      hexes.some((hex) => drewColour(kind, css, hex)),
      `${title}: ${v.field} shows ${v.text}, which its thresholds colour ${names.join(' or ')} (${hexes.join(' or ')}), but the page drew ${css}`
    );
    checked += 1;
  }
  return checked;
}

/** Every panel of a rendered preview: data where exowatch feeds it, threshold colours where set. */
export async function checkDashboardPreview(page, dashboard) {
  const rendered = await page.$$eval('[data-preview-panel]', (els) =>
    els.map((el) => ({
      id: Number(el.dataset.previewPanel),
      state: el.dataset.state,
      title: el.dataset.title,
      message: el.querySelector('[data-preview-message]')?.textContent ?? '',
      noData: el.textContent.includes('No data'),
    }))
  );
  const colourOf = (name) => page.evaluate((n) => window.harness.colorByName(n), name);
  assert.deepEqual(
    rendered.map((p) => p.id).sort((a, b) => a - b),
    dashboard.json.panels.map((p) => p.id).sort((a, b) => a - b),
    `${dashboard.name}: every panel is in the preview`
  );
  const summary = { data: 0, other: [], colours: 0 };
  for (const panel of dashboard.json.panels) {
    const shown = rendered.find((p) => p.id === panel.id);
    const where = `${dashboard.name} / ${shown.title} (${panel.type})`;
    assert.notEqual(shown.state, 'unrendered-type', `${where}: ${shown.message}`);
    const fedByExowatch = (panel.targets ?? []).some((t) => (t.datasource ?? panel.datasource)?.type === PLUGIN_TYPE);
    if (!fedByExowatch) {
      assert.equal(shown.state, 'other-datasource', `${where}: ${shown.message}`);
      summary.other.push(shown.title);
      continue;
    }
    assert.equal(shown.state, 'data', `${where}: ${shown.message}`);
    assert.equal(shown.noData, false, `${where} says "No data"`);
    summary.data += 1;
    if (['stat', 'bargauge', 'table'].includes(panel.type)) {
      const checked = await checkPanelColours(page, panel, where, colourOf);
      const coloured = [panel.fieldConfig.defaults, ...panel.fieldConfig.overrides.flatMap((o) => o.properties)].some(
        (c) => c.color?.mode === 'thresholds' || c.value?.mode === 'thresholds'
      );
      const drawsByCell = panel.type !== 'table' || JSON.stringify(panel.fieldConfig).includes('"color-');
      assert.ok(!(coloured && drawsByCell) || checked > 0, `${where}: no coloured value was found to check`);
      summary.colours += checked;
    }
  }
  return summary;
}

/** Opens and checks every provisioned dashboard. `onPage` learns the open page (for a failure screenshot). */
export async function checkDashboardPreviews(env, onPage) {
  for (const dashboard of provisionedDashboards()) {
    const { page, errors } = await openDashboardPreview(env, dashboard);
    onPage(page);
    const summary = await checkDashboardPreview(page, dashboard);
    assert.deepEqual(errors, [], `${dashboard.name}: no uncaught errors in the page`);
    step(
      `dashboard ${dashboard.name}: ${summary.data} panels with data, ${summary.colours} threshold colours checked` +
        (summary.other.length ? `; not queried here (other data sources): ${summary.other.join(', ')}` : '')
    );
    await page.close();
  }
}
