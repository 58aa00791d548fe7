import type { AccountConfig } from '../config/load';
import { ExotelClient } from '../exotel';
import { recordExotelRequest, type CollectorMetrics } from '../metrics/collector';

/** One Exotel client per configured account; they share the account's request budget. */
export function createExotelClient(account: AccountConfig, metrics?: CollectorMetrics): ExotelClient {
  return new ExotelClient({
    baseUrl: account.baseUrl,
    accountSid: account.sid,
    apiKey: account.apiKey,
    apiToken: account.apiToken,
    timeZone: account.timeZone,
    requestsPerMinute: account.requestsPerMinute,
    onRequest: metrics ? (event) => recordExotelRequest(metrics, account.sid, event) : undefined,
  });
}
