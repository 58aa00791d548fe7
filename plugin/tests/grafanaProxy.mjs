// What Grafana's data proxy answers the browser in place of the data source's own answer, for the
// unit tests (src/testing/fakeCollector.ts) and the browser harness (tests/browser/server.mjs):
// - grafana/grafana pkg/api/pluginproxy/ds_proxy.go, modifyResponse: a 401 from the data source becomes
//   400 with the text body "Authentication to data source failed" (the data source's body is dropped);
// - grafana/grafana pkg/util/proxyutil/reverse_proxy.go, errorHandler: a request that times out becomes
//   504 Gateway Timeout, any other failure to reach the data source 502 Bad Gateway, both without a body.

export const AUTH_FAILED_TEXT = 'Authentication to data source failed';

/** The proxy's answer to a response the data source gave: only a 401 is rewritten. */
export function proxiedResponse(status, body) {
  return status === 401 ? { status: 400, body: AUTH_FAILED_TEXT } : { status, body };
}

/** The proxy's answer when the data source could not be reached (error as thrown by fetch or a socket). */
export function proxiedFailure(error) {
  const timedOut = error?.name === 'TimeoutError' || error?.cause?.name === 'TimeoutError' || error?.timeout === true;
  return { status: timedOut ? 504 : 502, body: '' };
}
