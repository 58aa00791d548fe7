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

export function isProxyError(e: unknown): e is ProxyError {
  return typeof e === 'object' && e !== null && ('status' in e || 'data' in e);
}

export function describeError(e: unknown): string {
  if (!isProxyError(e)) {
    return e instanceof Error ? e.message : String(e);
  }
  const detail = bodyMessage(e.data);
  switch (e.status) {
    case 400:
    case 404:
    case 409:
      return detail ?? `collector rejected the request (HTTP ${e.status})`;
    case 401:
      return 'the collector wants a token: set the token in the data source settings and save';
    case 403:
      return detail === 'token not accepted for this endpoint'
        ? 'the collector rejected the token: check the token in the data source settings'
        : `access denied: ${detail ?? 'you need a higher Grafana role for this action'}`;
    case 502:
    case 504:
      return `cannot reach the collector (HTTP ${e.status}): check the collector URL and that it is running`;
    default:
      return detail
        ? `collector error (HTTP ${e.status ?? '?'}): ${detail}`
        : `collector error (HTTP ${e.status ?? '?'})`;
  }
}
