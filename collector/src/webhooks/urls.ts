import type { WebhookRoute } from './eventKey';

/** The path of each route: /webhooks/<accountSid>/<secret>/<route>. */
const ROUTE_SEGMENTS: Record<string, WebhookRoute> = {
  passthru: 'passthru',
  agent: 'agent',
  heartbeat: 'heartbeat',
  'status-callback': 'status-callback',
};

/** Which methods each route answers (Passthru's applet sends GET, or POST when configured so). */
export const WEBHOOK_METHODS: Record<WebhookRoute, readonly string[]> = {
  passthru: ['GET', 'POST'],
  agent: ['GET', 'POST'],
  heartbeat: ['POST'],
  'status-callback': ['POST'],
};

const WEBHOOK_PATH = /^\/webhooks\/([^/?#]+)\/([^/?#]+)\/([a-z-]+)\/?(?:\?|$)/;

export interface WebhookTarget {
  route: WebhookRoute;
  /** Percent-decoded path segments (undefined when one is not valid percent-encoding). */
  accountSid: string | undefined;
  secret: string | undefined;
}

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** The webhook a request URL (path and query) addresses, or null when it is not a webhook URL. */
export function matchWebhookUrl(url: string): WebhookTarget | null {
  const match = WEBHOOK_PATH.exec(url);
  const route = match ? ROUTE_SEGMENTS[match[3]!] : undefined;
  if (!match || !route) return null;
  return { route, accountSid: decode(match[1]!), secret: decode(match[2]!) };
}

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
  /** Connect applet's agent notification URL (GET): agent busy/free events. */
  agent: string;
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
    agent: url(account, 'agent'),
    heartbeat: url(account, 'heartbeat'),
    statusCallback: url(account, 'status-callback'),
  }));
}
