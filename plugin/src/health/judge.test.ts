import type { HealthReport } from '@exowatch/contract';
import { proxiedFailure, proxiedResponse } from '../../tests/grafanaProxy.mjs';
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
/** The collector's answer as the browser gets it through Grafana's data proxy (tests/grafanaProxy.mjs). */
const viaProxy = (status: number, data?: unknown): Outcome<never> => {
  const proxied = proxiedResponse(status, data);
  return fail(proxied.status, proxied.body);
};
/** The collector's bearer-token check (collector/src/api/auth.ts requireToken). */
const NO_TOKEN = { error: 'missing bearer token: send Authorization: Bearer <token>' };
const WRONG_TOKEN = { error: 'token not accepted for this endpoint' };

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

  it('tells an unreachable collector, a timeout and a wrong address apart', () => {
    const refused = proxiedFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect(judgeHealth(URL, fail(refused.status, refused.body), adminOk).message).toMatch(
      /^Cannot reach the collector at http:\/\/collector:8090/
    );
    const timedOut = proxiedFailure(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));
    expect(timedOut.status).toBe(504);
    expect(judgeHealth(URL, fail(timedOut.status, timedOut.body), adminOk)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^The collector at http:\/\/collector:8090 did not answer in time/),
    });
    expect(judgeHealth(URL, fail(undefined), adminOk).status).toBe('error');
    expect(judgeHealth(URL, fail(404, { error: 'not found' }), adminOk).message).toMatch(/not an exowatch collector/);
  });

  it('names a missing or rejected viewer token, as the data proxy reports them', () => {
    // No token: the collector's 401 reaches the browser as 400 "Authentication to data source failed".
    expect(viaProxy(401, NO_TOKEN)).toEqual(fail(400, 'Authentication to data source failed'));
    expect(judgeHealth(URL, viaProxy(401, NO_TOKEN), adminOk).message).toMatch(/^Viewer token is not set/);
    expect(judgeHealth(URL, viaProxy(403, WRONG_TOKEN), adminOk).message).toMatch(/rejected the viewer token/);
  });

  it('does not take another 400 for a missing token', () => {
    const result = judgeHealth(URL, viaProxy(400, { error: 'from must be before to' }), adminOk);
    expect(result.message).not.toMatch(/token/);
  });

  it('reports a database that is down (HTTP 503 with the report)', () => {
    const down: HealthReport = {
      ...healthy,
      status: 'degraded',
      database: { ok: false, error: 'connection refused' },
      accounts: [],
    };
    const result = judgeHealth(URL, viaProxy(503, down), adminOk);
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

  it('checks the admin token: missing is a warning, wrong an error', () => {
    expect(judgeHealth(URL, ok(healthy), viaProxy(401, NO_TOKEN))).toEqual({
      status: 'warning',
      message: 'Admin token is not set: tag editing is disabled until EXOWATCH_ADMIN_TOKEN is saved',
    });
    const wrong = judgeHealth(URL, ok(healthy), viaProxy(403, WRONG_TOKEN));
    expect(wrong).toMatchObject({ status: 'error', message: expect.stringMatching(/rejected the admin token/) });
    expect(
      judgeHealth(URL, ok(healthy), viaProxy(403, { message: 'plugin proxy route access denied' })).message
    ).toMatch(/only Grafana Admins/);
  });

  it('lists every problem, errors first', () => {
    const stalled: HealthReport = { ...healthy, accounts: [{ ...healthy.accounts[0], lagSeconds: 4000 }] };
    const result = judgeHealth(URL, ok(stalled), viaProxy(403, WRONG_TOKEN));
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/admin token/);
    expect(result.details?.message).toMatch(/call sync stalled/);
  });
});
