/** The routes under which each account's webhooks live: /webhooks/<accountSid>/<secret>/<route>. */
export const WEBHOOK_PATHS = {
  passthru: '/webhooks/:accountSid/:secret/passthru',
  heartbeat: '/webhooks/:accountSid/:secret/heartbeat',
  statusCallback: '/webhooks/:accountSid/:secret/status-callback',
} as const;

export interface WebhookAccount {
  sid: string;
  /** IANA zone of Exotel's offset-less times for this account. Default Asia/Kolkata. */
  timeZone?: string;
  webhookSecret: string;
}

export interface WebhookUrls {
  accountSid: string;
  /** Passthru applet URL (GET; also accepts form POST). Exotel appends its query string. */
  passthru: string;
  /** Dashboard → Notifications Settings → Heartbeat URL (POST JSON). */
  heartbeat: string;
  /** StatusCallback of Calls/connect requests (POST, form or JSON). */
  statusCallback: string;
}

/**
 * The exact URLs to paste into Exotel for each account, given the collector's public base URL
 * (e.g. `https://exowatch.example.com` or `https://example.com/exowatch/`).
 */
export function webhookUrls(publicBaseUrl: string, accounts: readonly WebhookAccount[]): WebhookUrls[] {
  const base = new URL(publicBaseUrl);
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = (account: WebhookAccount, route: string) => {
    const path = `${prefix}/webhooks/${encodeURIComponent(account.sid)}/${encodeURIComponent(account.webhookSecret)}/${route}`;
    return new URL(path, base.origin).toString();
  };
  return accounts.map((account) => ({
    accountSid: account.sid,
    passthru: url(account, 'passthru'),
    heartbeat: url(account, 'heartbeat'),
    statusCallback: url(account, 'status-callback'),
  }));
}
