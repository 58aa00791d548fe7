import { matchWebhookUrl, webhookUrls } from './urls';

describe('webhookUrls', () => {
  it('renders one URL per route with the account and its secret as path segments', () => {
    const [urls] = webhookUrls('https://exowatch.example.com', [
      { sid: 'acme1', webhookSecret: 's3cret/with+chars' },
    ]);
    expect(urls).toEqual({
      accountSid: 'acme1',
      passthru: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/passthru',
      agent: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/agent',
      heartbeat: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/heartbeat',
      statusCallback: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/status-callback',
    });
  });

  it('keeps a path prefix of the base URL (a reverse proxy sub-path)', () => {
    const [urls] = webhookUrls('https://example.com/exowatch/', [{ sid: 'a', webhookSecret: 'x' }]);
    expect(urls?.passthru).toBe('https://example.com/exowatch/webhooks/a/x/passthru');
  });
});

describe('matchWebhookUrl', () => {
  it('reads the route, the account and the decoded secret of every URL webhookUrls prints', () => {
    const [urls] = webhookUrls('https://exowatch.example.com', [
      { sid: 'acme1', webhookSecret: 's3cret/with+chars' },
    ]);
    const routes = {
      passthru: 'passthru',
      agent: 'agent',
      heartbeat: 'heartbeat',
      statusCallback: 'status-callback',
    };
    for (const [field, route] of Object.entries(routes)) {
      const { pathname } = new URL(urls![field as keyof typeof routes]);
      expect(matchWebhookUrl(`${pathname}?CallSid=1`)).toEqual({
        route,
        accountSid: 'acme1',
        secret: 's3cret/with+chars',
      });
    }
  });

  it('is null for other paths and routes, and leaves undecodable segments undefined', () => {
    for (const url of ['/webhooks/a/b', '/webhooks/a/b/other', '/api/v1/query', '/webhooks/a/b/passthru/x'])
      expect(matchWebhookUrl(url)).toBeNull();
    expect(matchWebhookUrl('/webhooks/a/b/passthru/')?.route).toBe('passthru');
    expect(matchWebhookUrl('/webhooks/a/%E0%A4%A/heartbeat')).toEqual({
      route: 'heartbeat',
      accountSid: 'a',
      secret: undefined,
    });
  });
});
