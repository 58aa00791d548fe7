import { PageGuard, PageLimitError, resolvePageUri, withQueryParameter } from './cursor';

const base = 'https://api.in.exotel.com';
const first = `${base}/v1/Accounts/acc/Calls.json?PageSize=100`;

describe('resolvePageUri', () => {
  it('resolves a host-relative path against the base without adding the account prefix again', () => {
    expect(resolvePageUri('/v1/Accounts/acc/Calls.json?After=xyz', base, first)).toBe(
      'https://api.in.exotel.com/v1/Accounts/acc/Calls.json?After=xyz',
    );
  });

  it('sends a full URL to the configured base, path and query kept', () => {
    expect(resolvePageUri('https://api.exotel.com/v1/Accounts/acc/Calls.json?After=xyz', base, first)).toBe(
      'https://api.in.exotel.com/v1/Accounts/acc/Calls.json?After=xyz',
    );
    expect(
      resolvePageUri(
        'http://127.0.0.1:4010/v1/Accounts/acc/Calls.json?After=1',
        'http://127.0.0.1:4010',
        first,
      ),
    ).toBe('http://127.0.0.1:4010/v1/Accounts/acc/Calls.json?After=1');
  });

  it('keeps a base path prefix exactly once', () => {
    const proxied = 'http://proxy.local/exotel';
    expect(resolvePageUri('/v1/Accounts/acc/Calls.json?After=1', proxied, first)).toBe(
      'http://proxy.local/exotel/v1/Accounts/acc/Calls.json?After=1',
    );
    expect(resolvePageUri('/exotel/v1/Accounts/acc/Calls.json?After=1', proxied, first)).toBe(
      'http://proxy.local/exotel/v1/Accounts/acc/Calls.json?After=1',
    );
  });

  it('resolves a page-relative URI against the current page', () => {
    const current = `${base}/v2_beta/Accounts/acc/IncomingPhoneNumbers`;
    expect(resolvePageUri('IncomingPhoneNumbers?Page=1&PageSize=50', base, current)).toBe(
      `${base}/v2_beta/Accounts/acc/IncomingPhoneNumbers?Page=1&PageSize=50`,
    );
  });

  it.each([null, undefined, '', '  '])('treats %p as the last page', (next) => {
    expect(resolvePageUri(next, base, first)).toBeNull();
  });
});

describe('PageGuard', () => {
  it('follows a fresh cursor after a non-empty page', () => {
    const guard = new PageGuard();
    guard.visit('p1');
    expect(guard.step(100, 'p2')).toEqual({ next: 'p2' });
  });

  it('stops on an empty page even when a cursor is offered', () => {
    const guard = new PageGuard();
    guard.visit('p1');
    expect(guard.step(0, 'p2')).toEqual({ stop: 'empty-page' });
  });

  it('stops when there is no next cursor', () => {
    const guard = new PageGuard();
    guard.visit('p1');
    expect(guard.step(40, null)).toEqual({ stop: 'no-next-page' });
  });

  it('stops on a cursor already fetched', () => {
    const guard = new PageGuard();
    guard.visit('p1');
    expect(guard.step(100, 'p2')).toEqual({ next: 'p2' });
    guard.visit('p2');
    expect(guard.step(100, 'p1')).toEqual({ stop: 'repeated-cursor' });
  });

  it('throws past the page cap rather than silently dropping calls', () => {
    const guard = new PageGuard(2);
    guard.visit('p1');
    guard.visit('p2');
    expect(() => guard.visit('p3')).toThrow(PageLimitError);
  });
});

describe('withQueryParameter', () => {
  it('adds the parameter and leaves the cursor exactly as Exotel sent it', () => {
    const next = 'https://api.exotel.com/v1/Accounts/acme/Calls.json?PageSize=100&After=a%2Bb%3D%3D+c';
    expect(withQueryParameter(next, 'details', 'true')).toBe(`${next}&details=true`);
  });

  it('replaces a value the URI already had instead of repeating the parameter', () => {
    expect(withQueryParameter('https://h/Calls.json?details=false&After=x', 'details', 'true')).toBe(
      'https://h/Calls.json?After=x&details=true',
    );
    expect(withQueryParameter('https://h/Calls.json?details=true', 'details', 'true')).toBe(
      'https://h/Calls.json?details=true',
    );
  });

  it('starts a query where the URL had none', () => {
    expect(withQueryParameter('https://h/Calls.json', 'details', 'true')).toBe(
      'https://h/Calls.json?details=true',
    );
  });
});
