// What the browser test and the screenshot script both start: the harness bundle, the collector in demo
// mode (waited for until its first sync is done), the harness server with its emulated data proxy, and
// Debian's Chromium through playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import webpack from 'webpack';

import harnessConfig, { buildDir } from './webpack.harness.mjs';
import { startHarnessServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
export const pluginDir = join(here, '..', '..');
export const repo = join(pluginDir, '..');
/** The provisioned dashboards (provisioning/grafana/src, `npm run grafana:generate`). */
export const dashboardsDir = join(repo, 'dashboards');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const started = Date.now();
export const step = (text) => console.log(`browser: [${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

function buildHarness() {
  return new Promise((resolve, reject) =>
    webpack(harnessConfig, (err, stats) =>
      err || stats.hasErrors() ? reject(err ?? new Error(stats.toString('errors-only'))) : resolve()
    )
  );
}

/** Starts `exowatch serve` in demo mode and reads its API URL and tokens from what it prints. */
function startCollector(cleanups) {
  // EXOWATCH_COLLECTOR_MAIN: test against another collector build (default: this repository's).
  const main = process.env.EXOWATCH_COLLECTOR_MAIN ?? join(repo, 'collector', 'dist', 'src', 'cli', 'main.js');
  assert.ok(existsSync(main), 'the collector is not built: run npm run build -w collector');
  const dataDir = mkdtempSync(join(tmpdir(), 'exowatch-browser-'));
  const child = spawn(process.execPath, [main, 'serve'], {
    env: {
      ...process.env,
      EXOWATCH_DATA_DIR: dataDir,
      EXOWATCH_PORT: '0',
      EXOWATCH_API_TOKEN: '',
      EXOWATCH_ADMIN_TOKEN: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    // As root the embedded PostgreSQL lives outside the data folder (/var/lib/exowatch/demo-…) and may
    // outlive the collector: stop and remove it too.
    const { removeEmbeddedDatabase } = require(join(repo, 'collector', 'dist', 'src', 'store', 'embedded.js'));
    await removeEmbeddedDatabase(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start in 90 s:\n${out}`)), 90_000);
    const read = (chunk) => {
      out += chunk;
      const api = /API:\s+(http:\/\/[\d.:]+)\/api\/v1/.exec(out);
      const viewer = /Viewer token:\s+(\S+)/.exec(out);
      const admin = /Admin token:\s+(\S+)/.exec(out);
      if (api && viewer && admin) {
        clearTimeout(timer);
        resolve({ url: api[1], viewerToken: viewer[1], adminToken: admin[1] });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`collector exited (${code}):\n${out}`)));
  });
}

export async function collectorGet(collector, path, token = collector.viewerToken) {
  const res = await fetch(`${collector.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) {
    throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`);
  }
  return res.json();
}

/**
 * Starts everything; what it started is stopped by the returned cleanups, last first.
 * @param {Array<() => Promise<unknown>>} cleanups
 */
export async function startEnvironment(cleanups) {
  step('building the harness and starting the collector (demo mode)');
  const [, collector] = await Promise.all([buildHarness(), startCollector(cleanups)]);
  step(`collector at ${collector.url}`);
  const catalogue = await fetch(`${collector.url}/api/v1/metrics`, {
    headers: { Authorization: `Bearer ${collector.viewerToken}` },
  });
  assert.equal(
    catalogue.status,
    200,
    `the collector's query API is not available (GET /api/v1/metrics → ${catalogue.status})`
  );

  // Wait for the demo account's first sync (a week of calls, paced at Exotel's 200 requests/minute:
  // about 40 s), so "Save & test" judges a running collector and the queries have data to show.
  let health;
  for (let i = 0; i < 240 && (health = await collectorGet(collector, '/api/v1/health')).status !== 'ok'; i++) {
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.equal(health.status, 'ok', `the demo collector did not finish its first sync: ${JSON.stringify(health)}`);
  // The demo collector's clock (its HTTP Date header) once the first sync is done: what the dashboard
  // previews' time ranges are placed by (instant.mjs). Not syncedUntil: that lags the live heartbeats.
  const collectorNow = Date.parse(
    (
      await fetch(`${collector.url}/api/v1/health`, { headers: { Authorization: `Bearer ${collector.viewerToken}` } })
    ).headers.get('date') ?? ''
  );
  assert.ok(Number.isFinite(collectorNow), 'the collector answers without a Date header');
  const { metrics } = await catalogue.json();

  // Changed by the browser test the way an admin edits the saved data source: the page sees it only
  // through the proxy.
  const datasource = {
    uid: 'exowatch',
    jsonData: { collectorUrl: collector.url },
    secureJsonData: { viewerToken: collector.viewerToken, adminToken: collector.adminToken },
  };
  const server = await startHarnessServer({
    pluginDir,
    harnessDir: here,
    buildDir,
    iconsDir: join(dirname(require.resolve('@grafana/ui/package.json')), 'dist', 'public', 'img', 'icons'),
    role: 'Admin',
    datasource,
    dashboardsDir,
  });
  cleanups.push(server.close);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  cleanups.push(() => browser.close());
  return { collector, datasource, server, browser, collectorNow, metrics };
}
