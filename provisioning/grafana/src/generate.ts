/**
 * Writes the generated Grafana provisioning files (`npm run grafana:generate`). The YAML is written as
 * rendered (already in Prettier's layout, which `prettier --check .` confirms).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAlertRules } from './alertRules';

export const ALERT_RULES_FILE = join(__dirname, '..', 'alerting', 'exowatch-rules.yaml');

if (require.main === module) writeFileSync(ALERT_RULES_FILE, renderAlertRules());
