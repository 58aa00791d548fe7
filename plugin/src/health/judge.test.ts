import type { HealthReport } from '@exowatch/contract';
import { judgeHealth, type Outcome } from './judge';

const URL = 'http://collector:8090';
const healthy: HealthReport = {
  status: 'ok',
  version: '0.1.0',
  database: { ok: true, serverVersion: '17.0' },
  accounts: [{ accountSid: 'demo', syncedUntil: null, lagSeconds: 30, lastSuccessAt: null, lastError: null }],
};
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const fail = (status: number | undefined, data?: unknown): Outcome<never> => ({ ok: false, error: { status, data } });
const adminOk: Outcome<void> = { ok: true, value: undefined };

describe('judgeHealth', () => {
  it('reports success with the collector version', () => {
    expect(judgeHealth(URL, ok(healthy), adminOk)).toEqual({
      status: 'success',
      message: 'Connected to exowatch collector 0.1.0: database, sync and both tokens OK',
    });
  });

  it('asks for a URL first', () => {
    expect(judgeHealth('', ok(healthy), adminOk).message).toMatch(/Set the collector URL/);
  });

  it('tells an unreachable collector apart from a wrong address', () => {
    expect(judgeHealth(URL, fail(502), adminOk).message).toMatch(
      /^Cannot reach the collector at http:\/\/collector:8090/
    );
    expect(judgeHealth(URL, fail(undefined), adminOk).status).toBe('error');
    expect(judgeHealth(URL, fail(404, { error: 'not found' }), adminOk).message).toMatch(/not an exowatch collector/);
  });

  it('names a missing or rejected viewer token', () => {
    expect(judgeHealth(URL, fail(401, { error: 'missing bearer token' }), adminOk).message).toMatch(
      /^Viewer token is not set/
    );
    expect(judgeHealth(URL, fail(403, { error: 'token not accepted for this endpoint' }), adminOk).message).toMatch(
      /rejected the viewer token/
    );
  });

  it('reports a database that is down (HTTP 503 with the report)', () => {
    const down: HealthReport = {
      ...healthy,
      status: 'degraded',
      database: { ok: false, error: 'connection refused' },
      accounts: [],
    };
    const result = judgeHealth(URL, fail(503, down), adminOk);
    expect(result).toMatchObject({ status: 'error', message: "The collector's database is down: connection refused" });
  });

  it('warns about a stalled sync with its last error', () => {
    const stalled: HealthReport = {
      ...healthy,
      accounts: [
        {
          accountSid: 'ACC',
          syncedUntil: null,
          lagSeconds: 1800,
          lastSuccessAt: null,
          lastError: 'HTTP 401 from Exotel',
        },
      ],
    };
    expect(judgeHealth(URL, ok(stalled), adminOk)).toEqual({
      status: 'warning',
      message: 'Call sync stalled: account ACC is 30 min behind; last error: HTTP 401 from Exotel',
    });
    const never = { ...healthy, accounts: [{ ...healthy.accounts[0], lagSeconds: null }] };
    expect(judgeHealth(URL, ok(never), adminOk).message).toMatch(/has never synced/);
  });

  it('checks the admin token', () => {
    expect(judgeHealth(URL, ok(healthy), fail(401)).status).toBe('warning');
    const wrong = judgeHealth(URL, ok(healthy), fail(403, { error: 'token not accepted for this endpoint' }));
    expect(wrong).toMatchObject({ status: 'error', message: expect.stringMatching(/rejected the admin token/) });
    expect(judgeHealth(URL, ok(healthy), fail(403, { message: 'plugin proxy route access denied' })).message).toMatch(
      /only Grafana Admins/
    );
  });

  it('lists every problem, errors first', () => {
    const stalled: HealthReport = { ...healthy, accounts: [{ ...healthy.accounts[0], lagSeconds: 4000 }] };
    const result = judgeHealth(URL, ok(stalled), fail(403, { error: 'token not accepted for this endpoint' }));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/admin token/);
    expect(result.details?.message).toMatch(/call sync stalled/);
  });
});
