// Browser test: Debian's Chromium (playwright-core, never a downloaded browser) opens the harness page,
// which loads dist/module.js like Grafana does, against a collector running in demo mode. It checks every
// provisioned dashboard's preview (panels with data, coloured as their thresholds say: preview.mjs), the
// settings page (Save & test, tag admin: edit a tag) and the query editor (a query whose frames match
// the collector's own answer). Screenshots go to <repo>/artifacts/screenshots/.
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

import { checkDashboardPreviews } from './preview.mjs';
import { collectorGet, repo, startEnvironment, step } from './setup.mjs';

const shots = join(repo, 'artifacts', 'screenshots');
const cleanups = [];
let lastPage;

async function main() {
  mkdirSync(shots, { recursive: true });
  const env = await startEnvironment(cleanups);
  const { collector, datasource, server, browser } = env;

  // --- Every provisioned dashboard, as the demo collector fills it, before the test below edits tags.
  await checkDashboardPreviews(env, (page) => (lastPage = page));

  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  lastPage = page;
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  // --- Settings page: Save & test, tag admin.
  await page.goto(`${server.url}/?page=settings`);
  await page.waitForFunction(() => window.harness?.ready, null, { timeout: 60_000 });
  step('settings page rendered from dist/module.js');
  assert.equal(await page.getByLabel('Collector URL').inputValue(), collector.url);
  assert.equal(await page.getByRole('button', { name: 'Reset' }).count(), 2, 'both saved tokens show as configured');
  const tokenInPage = await page.evaluate(
    ([v, a]) => document.documentElement.outerHTML.includes(v) || document.documentElement.outerHTML.includes(a),
    [collector.viewerToken, collector.adminToken]
  );
  assert.equal(tokenInPage, false, 'a token reached the browser');

  const result = page.locator('#test-result');
  let testRuns = 0;
  /** Presses "Save & test" and returns what it says (status and message). */
  async function saveAndTest() {
    testRuns += 1;
    await page.getByRole('button', { name: 'Save & test' }).click();
    await page.locator(`#test-result[data-run="${testRuns}"]`).waitFor({ timeout: 60_000 });
    return { status: await result.getAttribute('data-status'), message: await result.textContent() };
  }
  const expectTest = async (what, status, message) => {
    const answer = await saveAndTest();
    step(`Save & test, ${what}: ${answer.status}: ${answer.message}`);
    assert.equal(answer.status, status, `${what}: ${answer.message}`);
    assert.match(answer.message, message, what);
  };

  await expectTest('both tokens', 'success', /^Connected to exowatch collector/);
  // Through the emulated proxy, as through Grafana's: no token → the collector's 401 → 400 "Authentication
  // to data source failed"; a wrong token → the collector's 403; a hanging collector → 504; none → 502.
  const saved = { ...datasource.secureJsonData };
  datasource.secureJsonData = { ...saved, adminToken: '' };
  await expectTest('no admin token', 'warning', /^Admin token is not set/);
  datasource.secureJsonData = { ...saved, adminToken: saved.viewerToken };
  await expectTest('viewer token as admin token', 'error', /rejected the admin token/);
  datasource.secureJsonData = { ...saved, viewerToken: '' };
  await expectTest('no viewer token', 'error', /^Viewer token is not set/);
  datasource.secureJsonData = { ...saved, viewerToken: 'not-the-token' };
  await expectTest('wrong viewer token', 'error', /rejected the viewer token/);
  datasource.secureJsonData = saved;
  // Accepts connections and never answers. Its sockets are destroyed on close: server.close() alone waits
  // for them, and the emulated proxy's aborted request leaves this side open.
  const held = new Set();
  const hanging = createServer((socket) => held.add(socket));
  const closeHanging = () => {
    held.forEach((socket) => socket.destroy());
    return new Promise((r) => hanging.close(() => r()));
  };
  await new Promise((r) => hanging.listen(0, '127.0.0.1', r));
  cleanups.push(closeHanging);
  datasource.jsonData = { collectorUrl: `http://127.0.0.1:${hanging.address().port}` };
  server.options.proxyTimeoutSeconds = 2;
  await expectTest('collector that never answers', 'error', /did not answer in time/);
  await closeHanging();
  datasource.jsonData = { collectorUrl: 'http://127.0.0.1:9' };
  // The message names the URL the page's settings hold: the harness changes only what the proxy uses.
  await expectTest('nothing listening', 'error', /^Cannot reach the collector at /);
  datasource.jsonData = { collectorUrl: collector.url };
  delete server.options.proxyTimeoutSeconds;
  await expectTest('restored settings', 'success', /^Connected to exowatch collector/);

  const table = page.getByTestId('tag-table');
  await table.waitFor({ timeout: 30_000 });
  // An ExoPhone if the collector lists any, else the first agent number (both are tag targets).
  const exophones = (await collectorGet(collector, '/api/v1/exophones')).exophones;
  const agents = (await collectorGet(collector, '/api/v1/agents')).agents;
  const target = exophones[0]?.number ?? agents[0];
  assert.ok(target, 'the demo account has numbers to tag');
  const row = page.getByTestId(`target-${target}`);
  await row.waitFor();
  await row.getByRole('button', { name: `Add tag to ${target}` }).click();
  const form = page.getByTestId('tag-edit-form');
  const key = form.getByRole('combobox', { name: /Tag key/ });
  await key.fill('team');
  await key.press('Enter');
  await form.getByLabel('Tag value').fill('Support');
  // Effective from three days ago: the last day's calls of this number count for the team.
  const since = new Date(Date.now() - 3 * 86_400_000);
  const pad = (n) => String(n).padStart(2, '0');
  await form
    .getByLabel('Effective from')
    .fill(`${since.getFullYear()}-${pad(since.getMonth() + 1)}-${pad(since.getDate())}`);
  await form.getByRole('button', { name: 'Save tag' }).click();
  await page.getByText('Tag saved').waitFor({ timeout: 15_000 });
  await row.getByText('team=Support').waitFor({ timeout: 15_000 });
  const stored = await collectorGet(collector, `/api/v1/tags/targets/${encodeURIComponent(target)}`);
  assert.ok(
    stored.tags.some((t) => t.key === 'team' && t.value === 'Support'),
    'the tag is stored in the collector'
  );
  const put = server.log.find((r) => r.method === 'PUT');
  assert.equal(put.route, 'admin', 'tag writes go through the admin route');
  step(`tag team=Support saved on ${target} through the admin route`);
  await page.screenshot({ path: join(shots, 'config-tags.png'), fullPage: true });

  await row.getByRole('button', { name: `History of ${target}` }).click();
  await page.getByTestId('tag-history').getByText('Support').waitFor();
  await page.screenshot({ path: join(shots, 'tag-history.png'), fullPage: true });

  // --- Calendars: the demo's default calendar, listed from the collector; a holiday imported into it
  // through the editor lands in the collector, through the admin route.
  const calendarRow = page.getByTestId('calendar-default');
  await calendarRow.waitFor({ timeout: 30_000 });
  const holiday = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await calendarRow.getByRole('button', { name: 'Import holidays into default' }).click();
  const importer = page.getByTestId('holiday-import');
  await importer.getByLabel('Holiday file').fill(`date,name\n${holiday},Browser test holiday`);
  await importer.getByRole('button', { name: 'Import holidays' }).click();
  await importer.getByText(/^Added 1 holiday\(s\); default now has \d+/).waitFor({ timeout: 15_000 });
  const calendars = (await collectorGet(collector, '/api/v1/calendars')).calendars;
  const defaultCalendar = calendars.find((c) => c.id === 'default');
  assert.ok(
    defaultCalendar?.versions.at(-1).holidays.some((h) => h.date === holiday),
    'the imported holiday is stored in the collector'
  );
  const imported = server.log.find((r) => r.method === 'POST' && r.path.includes('/holidays/import'));
  assert.equal(imported?.route, 'admin', 'holiday imports go through the admin route');
  await page.screenshot({ path: join(shots, 'config-calendars.png'), fullPage: true });
  step(`holiday ${holiday} imported into the default calendar through the admin route`);

  // --- Panel query editor: group by the new tag, run, compare with the collector's own answer.
  await page.goto(`${server.url}/?page=panel`);
  await page.waitForFunction(() => window.harness?.ready, null, { timeout: 60_000 });
  await page.getByTestId('metric-description').waitFor({ timeout: 30_000 });
  const groupBy = page.getByTestId('group-by');
  await groupBy.click();
  await groupBy.fill('tea');
  await page.getByRole('option', { name: /^team/ }).first().click();
  await page.keyboard.press('Escape');
  await page.getByText('Panel query').click();
  await page.locator('#run-query').click();
  await page.waitForFunction(() => window.harness.frames !== undefined || window.harness.error !== undefined, null, {
    timeout: 30_000,
  });
  const { frames, error, query } = await page.evaluate(() => ({
    frames: window.harness.frames.map((f) => ({
      refId: f.refId,
      fields: f.fields.map((x) => ({ name: x.name, type: x.type, labels: x.labels, values: [...x.values] })),
    })),
    error: window.harness.error,
    query: window.harness.query,
  }));
  assert.equal(error, undefined, `query failed: ${error}`);
  assert.deepEqual(query.groupBy, ['team']);
  const sent = server.log.filter((r) => r.path === '/api/v1/query').at(-1);
  assert.equal(sent.route, 'collector', 'queries go through the viewer route');
  const direct = await fetch(`${collector.url}/api/v1/query`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${collector.viewerToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(sent.body),
  }).then((r) => r.json());
  const expected = direct.frames.map((f) => ({
    refId: f.refId,
    fields: f.fields
      .filter((x) => !['numerator', 'denominator'].includes(x.config?.custom?.role))
      .map((x) => ({ name: x.name, type: x.type, labels: x.labels, values: x.values })),
  }));
  assert.deepEqual(frames, expected, 'the plugin’s frames match the collector’s answer');
  assert.ok(frames[0].fields.length > 1, 'the query shows at least one team’s series');
  assert.ok(
    frames[0].fields.slice(1).every((f) => f.labels && 'team' in f.labels),
    'every series carries its team'
  );
  step(`query ${JSON.stringify(sent.body)} → ${frames[0].fields.length - 1} series, same as the collector's answer`);
  await page.screenshot({ path: join(shots, 'query-editor.png'), fullPage: true });

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  step(`passed; screenshots in ${shots}`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`browser: FAILED: ${error.stack ?? error}`);
  await lastPage?.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => undefined);
} finally {
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch(() => undefined);
  }
}
process.exit(failed ? 1 : 0);
