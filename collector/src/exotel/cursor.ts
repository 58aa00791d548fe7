/**
 * Resolves `Metadata.NextPageUri` (or v2 `next_page_uri`) to the absolute URL to fetch. Exotel documents
 * host-relative paths (`/v1/Accounts/<sid>/Calls.json?After=…`); some clients report full URLs. A full
 * URL is reduced to its path and query and sent to the configured base, so credentials never go to
 * another host and a proxy/simulator base keeps working. The path is used as is: prefixing
 * `/v1/Accounts/<sid>` again is a known bug in other clients. Returns null for null/absent/empty.
 */
export function resolvePageUri(
  next: string | null | undefined,
  baseUrl: string,
  currentUrl: string,
): string | null {
  const trimmed = next?.trim();
  if (!trimmed) return null;
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/+$/, '');
  let pathAndQuery: string;
  if (/^https?:\/\//i.test(trimmed)) {
    const absolute = new URL(trimmed);
    pathAndQuery = absolute.pathname + absolute.search;
  } else if (trimmed.startsWith('/')) {
    pathAndQuery = trimmed;
  } else {
    // Relative to the page it came from (e.g. `IncomingPhoneNumbers?Page=1`).
    const relative = new URL(trimmed, currentUrl);
    return `${base.origin}${relative.pathname}${relative.search}`;
  }
  const alreadyPrefixed =
    basePath === '' || pathAndQuery === basePath || pathAndQuery.startsWith(`${basePath}/`);
  return `${base.origin}${alreadyPrefixed ? '' : basePath}${pathAndQuery}`;
}

export type PageStopReason = 'empty-page' | 'no-next-page' | 'repeated-cursor';

export type PageStep = { next: string } | { stop: PageStopReason };

/** The pager followed more pages than allowed: a cursor loop Exotel did not repeat verbatim, or a cap too low. */
export class PageLimitError extends Error {
  override name = 'PageLimitError';
}

export const DEFAULT_MAX_PAGES = 50_000;

/**
 * Decides, page by page, whether to follow the next cursor. Stops on an empty page, a missing next
 * cursor, or a cursor already fetched (loop guard); throws PageLimitError past `maxPages`, because
 * stopping silently there would lose calls.
 */
export class PageGuard {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(private readonly maxPages = DEFAULT_MAX_PAGES) {}

  /** Record that `url` is about to be fetched. */
  visit(url: string): void {
    this.pages += 1;
    if (this.pages > this.maxPages) {
      throw new PageLimitError(
        `Stopped after ${this.maxPages} pages in one window: Exotel kept returning new cursors. ` +
          'Narrow the window or raise maxPages; the last cursor is checkpointed so the sync can resume.',
      );
    }
    this.seen.add(url);
  }

  /** Given the fetched page's item count and its resolved next URL, what to do next. */
  step(itemCount: number, nextUrl: string | null): PageStep {
    if (itemCount === 0) return { stop: 'empty-page' };
    if (nextUrl === null) return { stop: 'no-next-page' };
    if (this.seen.has(nextUrl)) return { stop: 'repeated-cursor' };
    return { next: nextUrl };
  }
}

/**
 * `url` with its `name` parameter set to `value`, every other parameter left byte for byte (an opaque
 * `After=` cursor must reach Exotel exactly as it was sent). The bulk sync asks every page for leg
 * details this way: Exotel's `NextPageUri` need not repeat `details=true` from the first request.
 */
export function withQueryParameter(url: string, name: string, value: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? '' : url.slice(queryStart + 1);
  const kept = query.split('&').filter((part) => part !== '' && part.split('=', 1)[0] !== name);
  return `${path}?${[...kept, `${name}=${encodeURIComponent(value)}`].join('&')}`;
}
