import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const DASHBOARDS_DIR = join(ROOT, 'dashboards');
export const GRAFANA_PROVISIONING = join(ROOT, 'provisioning', 'grafana');
export const PROMETHEUS_PROVISIONING = join(ROOT, 'provisioning', 'prometheus');
export const CLI = join(ROOT, 'collector', 'dist', 'src', 'cli', 'main.js');
