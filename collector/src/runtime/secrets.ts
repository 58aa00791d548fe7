import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Tokens the collector hands out: the query API's viewer token, the admin token and the webhook secret. */
export interface CollectorSecrets {
  apiToken: string;
  adminToken: string;
  webhookSecret: string;
}

const newSecret = () => randomBytes(24).toString('base64url');

/**
 * Secrets not given in the configuration are generated once and kept in `<dataDir>/secrets.json`
 * (mode 0600), so a restart keeps the URLs pasted into Exotel and the tokens given to Grafana valid.
 */
export function resolveSecrets(
  dataDir: string,
  configured: Partial<CollectorSecrets>,
): CollectorSecrets & { generated: (keyof CollectorSecrets)[] } {
  const file = join(dataDir, 'secrets.json');
  const stored: Partial<CollectorSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const generated: (keyof CollectorSecrets)[] = [];
  const pick = (key: keyof CollectorSecrets): string => {
    const value = configured[key] ?? stored[key];
    if (value) return value;
    generated.push(key);
    return newSecret();
  };
  const secrets = {
    apiToken: pick('apiToken'),
    adminToken: pick('adminToken'),
    webhookSecret: pick('webhookSecret'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify({ ...stored, ...secrets }, null, 2), { mode: 0o600 });
  return { ...secrets, generated };
}
