import type { ExotelCallsPage } from '../exotel/types';
import type { CallQueries, Position } from './call-query';
import type { CallRenderer } from './call-view';
import type { CallsRequest } from './calls-request';
import { encodeCursor } from './cursor';
import type { SimCall } from './sim-call';

/**
 * One page of the Bulk Call Details API: the calls after (or before) the cursor, and the envelope
 * whose page URIs repeat the query — with the window made explicit, so a "last 31 days" default does
 * not drift while a client pages — plus the cursor. The URIs are host-relative paths as documented
 * (`"NextPageUri": "/v1/Accounts/<sid>/Calls.json?After=xyz..."`,
 * developer.exotel.com/docs/voice-v1/api-reference/call-details) and do not repeat `details=true`:
 * nothing documents that they carry it, so a client must ask for it again on every page.
 */
export function buildCallsPage(
  request: CallsRequest,
  queries: CallQueries,
  renderer: CallRenderer,
  now: number,
  basePath: string,
): ExotelCallsPage {
  const { window, filter, pageSize, order } = request;
  let calls: SimCall[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  if (request.before) {
    const reverse = order === 'asc' ? 'desc' : 'asc';
    const preceding = queries.take(window, filter, reverse, request.before, pageSize + 1, now);
    hasPrevious = preceding.length > pageSize;
    calls = preceding.slice(0, pageSize).reverse();
    hasNext = calls.length > 0;
  } else {
    const following = queries.take(window, filter, order, request.after, pageSize + 1, now);
    hasNext = following.length > pageSize;
    calls = following.slice(0, pageSize);
    hasPrevious = request.after !== null && calls.length > 0;
  }

  const uri = (cursor?: [string, Position]): string => {
    const params: [string, string][] = cursor
      ? [...request.pageParams, [cursor[0], encodeCursor(cursor[1])]]
      : request.pageParams;
    return basePath + '?' + params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  };
  const first = calls[0];
  const last = calls[calls.length - 1];
  return {
    Metadata: {
      Total: queries.count(window, filter, now),
      PageSize: pageSize,
      FirstPageUri: uri(),
      PrevPageUri: hasPrevious && first ? uri(['Before', first]) : null,
      NextPageUri: hasNext && last ? uri(['After', last]) : null,
    },
    Calls: calls.map((call) => renderer.render(call, now, request.details)),
  };
}
