/**
 * Turns a failed data-proxy request into a sentence a person can act on. The collector answers
 * `{error: "..."}`; Grafana's proxy answers `{message: "..."}` (e.g. a missing route permission).
 */
export interface ProxyError {
  status?: number;
  statusText?: string;
  data?: unknown;
}

function bodyMessage(data: unknown): string | undefined {
  if (typeof data === 'string' && data.trim() !== '') {
    return data.trim().slice(0, 300);
  }
  if (typeof data === 'object' && data !== null) {
    const { error, message } = data as { error?: unknown; message?: unknown };
    if (typeof error === 'string') {
      return error;
    }
    if (typeof message === 'string') {
      return message;
    }
  }
  return undefined;
}

/**
 * Grafana's data proxy turns a 401 from the collector (no token sent: the secret is not set) into a 400
 * with this text (grafana pkg/api/pluginproxy/ds_proxy.go, modifyResponse).
 */
export const PROXY_AUTH_FAILED = 'Authentication to data source failed';

/** The collector answered 401, as the data proxy reports it. */
export function isTokenMissing(e: unknown): boolean {
  return isProxyError(e) && e.status === 400 && bodyMessage(e.data) === PROXY_AUTH_FAILED;
}

export function isProxyError(e: unknown): e is ProxyError {
  return typeof e === 'object' && e !== null && ('status' in e || 'data' in e);
}

export function describeError(e: unknown): string {
  if (!isProxyError(e)) {
    return e instanceof Error ? e.message : String(e);
  }
  const detail = bodyMessage(e.data);
  if (isTokenMissing(e)) {
    return 'the collector wants a token: set the token in the data source settings and save';
  }
  switch (e.status) {
    case 400:
    case 404:
    case 409:
      return detail ?? `collector rejected the request (HTTP ${e.status})`;
    case 403:
      return detail === 'token not accepted for this endpoint'
        ? 'the collector rejected the token: check the token in the data source settings'
        : `access denied: ${detail ?? 'you need a higher Grafana role for this action'}`;
    case 502:
      return 'cannot reach the collector (HTTP 502): check the collector URL and that it is running';
    case 504:
      return "the collector did not answer in time (HTTP 504, Grafana's data proxy timeout)";
    default:
      return detail
        ? `collector error (HTTP ${e.status ?? '?'}): ${detail}`
        : `collector error (HTTP ${e.status ?? '?'})`;
  }
}
