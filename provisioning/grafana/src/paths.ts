/** Where `npm run grafana:generate` writes the provisioning files Grafana loads. */
import { join } from 'node:path';

export const ALERT_RULES_FILE = join(__dirname, '..', 'alerting', 'exowatch-rules.yaml');
export const DASHBOARDS_DIR = join(__dirname, '..', '..', '..', 'dashboards');
