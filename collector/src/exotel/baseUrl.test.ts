import { buildExotelBaseUrl, exotelBaseUrlFromEnv } from './baseUrl';

describe('buildExotelBaseUrl', () => {
  it('builds https://<subdomain> for both clusters', () => {
    expect(buildExotelBaseUrl({ subdomain: 'api.exotel.com' })).toBe('https://api.exotel.com');
    expect(buildExotelBaseUrl({ subdomain: 'api.in.exotel.com' })).toBe('https://api.in.exotel.com');
  });

  it('prefers an explicit base URL and drops a trailing slash', () => {
    expect(buildExotelBaseUrl({ baseUrl: 'http://127.0.0.1:4010/', subdomain: 'api.exotel.com' })).toBe(
      'http://127.0.0.1:4010',
    );
  });

  it('says what to set when the input is wrong', () => {
    expect(() => buildExotelBaseUrl({})).toThrow(/EXOTEL_SUBDOMAIN.*or EXOTEL_BASE_URL/);
    expect(() => buildExotelBaseUrl({ subdomain: 'exotel.com' })).toThrow(
      /api\.exotel\.com or api\.in\.exotel\.com/,
    );
    expect(() => buildExotelBaseUrl({ baseUrl: 'not a url' })).toThrow(
      /EXOTEL_BASE_URL "not a url" is not a URL/,
    );
  });

  it('reads the environment', () => {
    expect(exotelBaseUrlFromEnv({ EXOTEL_SUBDOMAIN: 'api.in.exotel.com' })).toBe('https://api.in.exotel.com');
    expect(exotelBaseUrlFromEnv({ EXOTEL_BASE_URL: 'http://sim:4010' })).toBe('http://sim:4010');
  });
});
