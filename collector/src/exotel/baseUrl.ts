/** Exotel's API hosts: Singapore cluster and Mumbai cluster (exotel-api.md §1.1). */
export const EXOTEL_SUBDOMAINS = ['api.exotel.com', 'api.in.exotel.com'] as const;
export type ExotelSubdomain = (typeof EXOTEL_SUBDOMAINS)[number];

export interface BaseUrlSource {
  /** An explicit base URL (EXOTEL_BASE_URL), e.g. the simulator's `http://127.0.0.1:4010`. Wins when set. */
  baseUrl?: string | undefined;
  /** The account's cluster host (EXOTEL_SUBDOMAIN). */
  subdomain?: string | undefined;
}

/** The base URL requests go to, without a trailing slash: `baseUrl` when given, else `https://<subdomain>`. */
export function buildExotelBaseUrl({ baseUrl, subdomain }: BaseUrlSource): string {
  if (baseUrl) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`EXOTEL_BASE_URL "${baseUrl}" is not a URL: use e.g. https://api.in.exotel.com`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`EXOTEL_BASE_URL "${baseUrl}" must be http(s)`);
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  }
  if (!subdomain) {
    throw new Error('Set EXOTEL_SUBDOMAIN (api.exotel.com or api.in.exotel.com) or EXOTEL_BASE_URL');
  }
  if (!(EXOTEL_SUBDOMAINS as readonly string[]).includes(subdomain)) {
    throw new Error(
      `EXOTEL_SUBDOMAIN "${subdomain}" is not an Exotel API host: use ${EXOTEL_SUBDOMAINS.join(' or ')} ` +
        "(your account's cluster), or set EXOTEL_BASE_URL",
    );
  }
  return `https://${subdomain}`;
}

/** buildExotelBaseUrl from EXOTEL_BASE_URL / EXOTEL_SUBDOMAIN. */
export function exotelBaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return buildExotelBaseUrl({ baseUrl: env.EXOTEL_BASE_URL, subdomain: env.EXOTEL_SUBDOMAIN });
}
