import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type ParsedAccount, type ParsedConfig } from './schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface AccountConfig extends Omit<ParsedAccount, 'subdomain' | 'baseUrl'> {
  /** Where the Exotel API lives: baseUrl when given, else https://<subdomain>. */
  baseUrl: string;
}

export interface ExowatchConfig extends Omit<ParsedConfig, 'accounts'> {
  accounts: AccountConfig[];
  /** The file the configuration came from, if any. */
  source: string | null;
}

type Env = Record<string, string | undefined>;

/** Where each setting comes from in the environment, for error messages that say what to set. */
const ENV_HINTS: Record<string, string> = {
  'accounts.0.sid': 'EXOTEL_ACCOUNT_SID',
  'accounts.0.apiKey': 'EXOTEL_API_KEY',
  'accounts.0.apiToken': 'EXOTEL_API_TOKEN',
  'accounts.0.subdomain': 'EXOTEL_SUBDOMAIN or EXOTEL_BASE_URL',
  'accounts.0.baseUrl': 'EXOTEL_BASE_URL',
  'accounts.0.timeZone': 'EXOTEL_TIME_ZONE',
  'accounts.0.requestsPerMinute': 'EXOTEL_REQUESTS_PER_MINUTE',
  'accounts.0.webhookSecret': 'EXOWATCH_WEBHOOK_SECRET',
  databaseUrl: 'DATABASE_URL',
  'server.port': 'EXOWATCH_PORT',
  'webhooks.publicUrl': 'EXOWATCH_PUBLIC_URL',
  'webhooks.heartbeatIntervalSeconds': 'EXOWATCH_HEARTBEAT_INTERVAL_SECONDS',
  'webhooks.journalFsync': 'EXOWATCH_JOURNAL_FSYNC',
  'tokens.api': 'EXOWATCH_API_TOKEN',
  'tokens.admin': 'EXOWATCH_ADMIN_TOKEN',
};

const EXOTEL_ENV = [
  'EXOTEL_ACCOUNT_SID',
  'EXOTEL_API_KEY',
  'EXOTEL_API_TOKEN',
  'EXOTEL_SUBDOMAIN',
  'EXOTEL_BASE_URL',
];

/** `${NAME}` in the config file is replaced by the environment variable, so secrets stay out of it. */
function interpolateEnv(value: unknown, env: Env, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Z0-9_]+)\}/g, (_, name: string) => {
      const found = env[name];
      if (found === undefined) problems.push(`the config file refers to \${${name}}, which is not set`);
      return found ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolateEnv(v, env, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, problems)]));
  }
  return value;
}

function readConfigFile(path: string, env: Env): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError([`config file ${path} does not exist`]);
  let parsed: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    parsed = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ConfigError([`config file ${path} cannot be parsed: ${(error as Error).message}`]);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError([`config file ${path} must hold a mapping (accounts:, databaseUrl:, …)`]);
  }
  const problems: string[] = [];
  const result = interpolateEnv(parsed, env, problems) as Record<string, unknown>;
  if (problems.length > 0) throw new ConfigError(problems);
  return result;
}

function numberFromEnv(env: Env, name: string): number | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : Number(value);
}

function accountFromEnv(env: Env): Record<string, unknown> | null {
  if (!EXOTEL_ENV.some((name) => env[name])) return null;
  return {
    sid: env.EXOTEL_ACCOUNT_SID ?? '',
    apiKey: env.EXOTEL_API_KEY ?? '',
    apiToken: env.EXOTEL_API_TOKEN ?? '',
    subdomain: env.EXOTEL_SUBDOMAIN || undefined,
    baseUrl: env.EXOTEL_BASE_URL || undefined,
    timeZone: env.EXOTEL_TIME_ZONE || undefined,
    requestsPerMinute: numberFromEnv(env, 'EXOTEL_REQUESTS_PER_MINUTE'),
    webhookSecret: env.EXOWATCH_WEBHOOK_SECRET || undefined,
  };
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.');
  const hint = ENV_HINTS[path];
  return `${path || '(config)'}: ${issue.message}${hint ? ` (set ${hint})` : ''}`;
}

/**
 * Builds the configuration from a config file (optional) overlaid by the environment. Throws a
 * ConfigError listing every problem and what to set to fix it.
 */
export function loadConfig(options: { env?: Env; configPath?: string } = {}): ExowatchConfig {
  const env = options.env ?? process.env;
  const source = options.configPath ?? env.EXOWATCH_CONFIG ?? null;
  const file = source ? readConfigFile(source, env) : {};
  const envAccount = accountFromEnv(env);
  const input: Record<string, unknown> = {
    ...file,
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.EXOWATCH_DATA_DIR ? { dataDir: env.EXOWATCH_DATA_DIR } : {}),
    server: {
      ...(file.server as object | undefined),
      ...(env.EXOWATCH_HOST ? { host: env.EXOWATCH_HOST } : {}),
      ...(env.EXOWATCH_PORT ? { port: numberFromEnv(env, 'EXOWATCH_PORT') } : {}),
    },
    webhooks: {
      ...(file.webhooks as object | undefined),
      ...(env.EXOWATCH_PUBLIC_URL ? { publicUrl: env.EXOWATCH_PUBLIC_URL } : {}),
      ...(env.EXOWATCH_HEARTBEAT_INTERVAL_SECONDS
        ? { heartbeatIntervalSeconds: numberFromEnv(env, 'EXOWATCH_HEARTBEAT_INTERVAL_SECONDS') }
        : {}),
      ...(env.EXOWATCH_JOURNAL_FSYNC ? { journalFsync: env.EXOWATCH_JOURNAL_FSYNC } : {}),
    },
    tokens: {
      ...(file.tokens as object | undefined),
      ...(env.EXOWATCH_API_TOKEN ? { api: env.EXOWATCH_API_TOKEN } : {}),
      ...(env.EXOWATCH_ADMIN_TOKEN ? { admin: env.EXOWATCH_ADMIN_TOKEN } : {}),
    },
  };
  if (envAccount) input.accounts = [envAccount, ...((file.accounts as unknown[] | undefined) ?? [])];

  const parsed = configSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(formatIssue));
  const config = parsed.data;
  return {
    ...config,
    source,
    accounts: config.accounts.map(({ subdomain, baseUrl, ...account }) => ({
      ...account,
      baseUrl: (baseUrl ?? `https://${subdomain}`).replace(/\/+$/, ''),
    })),
  };
}
