import { webhookUrls } from './urls';

describe('webhookUrls', () => {
  it('renders one URL per route with the account and its secret as path segments', () => {
    const [urls] = webhookUrls('https://exowatch.example.com', [
      { sid: 'acme1', webhookSecret: 's3cret/with+chars' },
    ]);
    expect(urls).toEqual({
      accountSid: 'acme1',
      passthru: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/passthru',
      heartbeat: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/heartbeat',
      statusCallback: 'https://exowatch.example.com/webhooks/acme1/s3cret%2Fwith%2Bchars/status-callback',
    });
  });

  it('keeps a path prefix of the base URL (a reverse proxy sub-path)', () => {
    const [urls] = webhookUrls('https://example.com/exowatch/', [{ sid: 'a', webhookSecret: 'x' }]);
    expect(urls?.passthru).toBe('https://example.com/exowatch/webhooks/a/x/passthru');
  });
});
