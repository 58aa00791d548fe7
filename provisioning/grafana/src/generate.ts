/**
 * Writes the generated Grafana provisioning files (`npm run grafana:generate`): the alert rules YAML
 * (rendered already in Prettier's layout, which `prettier --check .` confirms) and dashboards/*.json
 * (formatted by Prettier, so hand edits and generated files look alike).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { renderAlertRules } from './alertRules';
import { DASHBOARDS } from './dashboards';
import { ALERT_RULES_FILE, DASHBOARDS_DIR } from './paths';

async function generate(): Promise<void> {
  writeFileSync(ALERT_RULES_FILE, renderAlertRules());
  for (const [file, dashboard] of Object.entries(DASHBOARDS)) {
    const path = join(DASHBOARDS_DIR, file);
    const options = { ...(await resolveConfig(path)), filepath: path };
    writeFileSync(path, await format(JSON.stringify(dashboard, null, 2), options));
  }
}

if (require.main === module) void generate();
