// `npm run screenshots -w plugin`: the plugin catalogue's dashboard screenshots (src/img, listed in
// src/plugin.json info.screenshots), taken from the dashboard preview against the demo collector after
// the same checks as the browser test (data in every exowatch panel, threshold colours).
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { checkDashboardPreview, openDashboardPreview, provisionedDashboards } from './preview.mjs';
import { pluginDir, startEnvironment, step } from './setup.mjs';

/** The dashboards shown in the catalogue, by file name; each is written to src/img/screenshot-<name>.png. */
export const SCREENSHOT_DASHBOARDS = ['noc-overview', 'team-performance', 'callbacks'];

const cleanups = [];
let failed = false;
try {
  const env = await startEnvironment(cleanups);
  const dashboards = provisionedDashboards();
  for (const name of SCREENSHOT_DASHBOARDS) {
    const dashboard = dashboards.find((d) => d.name === name);
    assert.ok(dashboard, `no provisioned dashboard ${name}`);
    const { page } = await openDashboardPreview(env, dashboard);
    await checkDashboardPreview(page, dashboard);
    const path = join(pluginDir, 'src', 'img', `screenshot-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    step(`wrote ${path}`);
    await page.close();
  }
} catch (error) {
  failed = true;
  console.error(`screenshots: FAILED: ${error.stack ?? error}`);
} finally {
  for (const cleanup of cleanups.reverse()) {
    await cleanup().catch(() => undefined);
  }
}
process.exit(failed ? 1 : 0);
