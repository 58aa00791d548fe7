import type { HealthReport } from '@exowatch/contract';
import { describeError, isProxyError, isTokenMissing } from '../errors';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export interface TestResult {
  status: 'success' | 'warning' | 'error';
  message: string;
  details?: { message: string };
}

interface Finding {
  level: 'warning' | 'error';
  text: string;
}

/** A sync whose checkpoint is older than this counts as stalled (the collector uses the same figure). */
const STALLED_AFTER_SECONDS = 600;

const COLLECTOR_TOKEN_REJECTED = 'token not accepted for this endpoint';

function errorStatus(e: unknown): number | undefined {
  return isProxyError(e) ? e.status : undefined;
}

function errorBody(e: unknown): unknown {
  return isProxyError(e) ? e.data : undefined;
}

function isHealthReport(data: unknown): data is HealthReport {
  return typeof data === 'object' && data !== null && 'database' in data && 'accounts' in data;
}

function reportFindings(report: HealthReport): Finding[] {
  if (!report.database.ok) {
    return [{ level: 'error', text: `the collector's database is down: ${report.database.error ?? 'no detail'}` }];
  }
  return report.accounts.flatMap((a): Finding[] => {
    if (a.lagSeconds !== null && a.lagSeconds <= STALLED_AFTER_SECONDS) {
      return [];
    }
    const behind = a.lagSeconds === null ? 'has never synced' : `is ${Math.round(a.lagSeconds / 60)} min behind`;
    const why = a.lastError ? `; last error: ${a.lastError}` : '';
    return [{ level: 'warning', text: `call sync stalled: account ${a.accountSid} ${behind}${why}` }];
  });
}

function viewerFailure(url: string, e: unknown): Finding {
  const status = errorStatus(e);
  const body = errorBody(e);
  if (isHealthReport(body)) {
    return reportFindings(body)[0] ?? { level: 'error', text: `collector unhealthy (HTTP ${status})` };
  }
  if (isTokenMissing(e)) {
    return { level: 'error', text: 'viewer token is not set: paste EXOWATCH_API_TOKEN into "Viewer token" and save' };
  }
  if (status === 403 && (body as { error?: string } | undefined)?.error === COLLECTOR_TOKEN_REJECTED) {
    return { level: 'error', text: 'the collector rejected the viewer token: copy EXOWATCH_API_TOKEN again' };
  }
  if (status === 404) {
    return { level: 'error', text: `${url} answers but is not an exowatch collector (no /api/v1/health)` };
  }
  if (status === 504) {
    return {
      level: 'error',
      text: `the collector at ${url} did not answer in time (Grafana's data proxy gave up): check that it is not overloaded or blocked by a firewall that drops packets`,
    };
  }
  if (status === undefined || status === 0 || status === 502 || status === 503) {
    return {
      level: 'error',
      text: `cannot reach the collector at ${url}: check the URL (as seen from the Grafana server) and that it runs`,
    };
  }
  return { level: 'error', text: describeError(e) };
}

function adminFindings(admin: Outcome<void>): Finding[] {
  if (admin.ok) {
    return [];
  }
  const status = errorStatus(admin.error);
  if (isTokenMissing(admin.error)) {
    return [
      { level: 'warning', text: 'admin token is not set: tag editing is disabled until EXOWATCH_ADMIN_TOKEN is saved' },
    ];
  }
  if (
    status === 403 &&
    (errorBody(admin.error) as { error?: string } | undefined)?.error === COLLECTOR_TOKEN_REJECTED
  ) {
    return [
      {
        level: 'error',
        text: 'the collector rejected the admin token (is it the viewer token?): copy EXOWATCH_ADMIN_TOKEN again',
      },
    ];
  }
  if (status === 403) {
    return [{ level: 'warning', text: 'admin token not checked: only Grafana Admins may use the tag admin route' }];
  }
  return [{ level: 'error', text: `admin token check failed: ${describeError(admin.error)}` }];
}

/** Turns the health checks of both tokens into the message "Save & test" shows. */
export function judgeHealth(url: string | undefined, viewer: Outcome<HealthReport>, admin: Outcome<void>): TestResult {
  if (!url) {
    return { status: 'error', message: 'Set the collector URL (for example http://collector:8090) and save' };
  }
  const findings: Finding[] = viewer.ok ? reportFindings(viewer.value) : [viewerFailure(url, viewer.error)];
  // The admin check says something only when the collector answered the viewer check.
  const answered =
    viewer.ok ||
    isTokenMissing(viewer.error) ||
    errorStatus(viewer.error) === 403 ||
    isHealthReport(errorBody(viewer.error));
  if (answered) {
    findings.push(...adminFindings(admin));
  }
  if (findings.length === 0) {
    const version = viewer.ok ? viewer.value.version : '?';
    return {
      status: 'success',
      message: `Connected to exowatch collector ${version}: database, sync and both tokens OK`,
    };
  }
  const status = findings.some((f) => f.level === 'error') ? 'error' : 'warning';
  const [first, ...rest] = [...findings].sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1));
  const message = first.text.charAt(0).toUpperCase() + first.text.slice(1);
  return rest.length > 0
    ? { status, message, details: { message: rest.map((f) => f.text).join('\n') } }
    : { status, message };
}
