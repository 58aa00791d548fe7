import { ConfigError, loadConfig, type AccountConfig, type ExowatchConfig } from '../config/load';

/** Options every command shares. */
export interface GlobalOptions {
  config?: string;
}

export function configFor(options: GlobalOptions): ExowatchConfig {
  return loadConfig({ configPath: options.config });
}

/** The account a command works on: `--account`, or the only one configured. */
export function pickAccount(config: ExowatchConfig, sid: string | undefined): AccountConfig {
  if (config.accounts.length === 0) {
    throw new ConfigError([
      'no Exotel account is configured: set EXOTEL_ACCOUNT_SID, EXOTEL_API_KEY, EXOTEL_API_TOKEN and EXOTEL_SUBDOMAIN (or EXOTEL_BASE_URL, e.g. the URL `exowatch simulate` prints), or list accounts in a config file',
    ]);
  }
  if (sid) {
    const account = config.accounts.find((a) => a.sid === sid);
    if (!account)
      throw new ConfigError([
        `--account ${sid} is not configured (configured: ${config.accounts.map((a) => a.sid).join(', ')})`,
      ]);
    return account;
  }
  if (config.accounts.length > 1) {
    throw new ConfigError([
      `several accounts are configured; choose one with --account (${config.accounts.map((a) => a.sid).join(', ')})`,
    ]);
  }
  return config.accounts[0]!;
}
