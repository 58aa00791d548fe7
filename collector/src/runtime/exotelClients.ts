import { ExotelClient } from '../exotel';
import type { AccountConfig } from '../config/load';

/** One Exotel client per configured account; they share the account's request budget. */
export function createExotelClient(account: AccountConfig): ExotelClient {
  return new ExotelClient({
    baseUrl: account.baseUrl,
    accountSid: account.sid,
    apiKey: account.apiKey,
    apiToken: account.apiToken,
    timeZone: account.timeZone,
    requestsPerMinute: account.requestsPerMinute,
  });
}
