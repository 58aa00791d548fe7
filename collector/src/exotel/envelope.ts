import { ExotelInvalidBodyError } from './errors';
import type { ExotelCall, ExotelCallsPage, ExotelPageMetadata } from './types';

/** One item of the v2_beta ExoPhone list (exotel-api.md §4.2); fields beyond these are kept as sent. */
export interface ExotelExoPhone {
  sid: string;
  /** E.164, e.g. `+918069891522`. */
  phone_number: string;
  friendly_name?: string | null;
  /** Telecom circle code, e.g. `DL`, `KA`. Not present for every account. */
  region?: string | null;
  country?: string | null;
  number_type?: string | null;
  [field: string]: unknown;
}

export interface ExotelExoPhonesPage {
  incoming_phone_numbers: ExotelExoPhone[];
  next_page_uri?: string | null;
}

/**
 * One ExoPhone's details (`GET /v2/accounts/<sid>/incoming-phone-numbers/<exophone_sid>`,
 * https://developer.exotel.com/api/get-details-of-an-exophone): `response[0].data` of the envelope,
 * kept as sent; `connectivity` holds the per-direction health blocks.
 */
export interface ExotelExoPhoneDetails {
  sid: string;
  connectivity?: unknown;
  [field: string]: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Response text → JSON; a truncated or non-JSON body (an HTML error page, a cut connection) is retryable. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new ExotelInvalidBodyError(
      `body is not JSON (${(error as Error).message}; ${text.length} bytes: ${JSON.stringify(preview)})`,
    );
  }
}

function optionalUri(value: unknown, field: string): string | null {
  if (value == null || typeof value === 'string') return value ?? null;
  throw new ExotelInvalidBodyError(`${field} is not a string`);
}

/** Checks a Bulk Call Details page: `Calls` must be an array of objects; Metadata may be absent. */
export function parseCallsPage(body: unknown): ExotelCallsPage {
  if (!isObject(body) || !Array.isArray(body.Calls)) {
    throw new ExotelInvalidBodyError('page has no "Calls" array');
  }
  const calls = body.Calls as unknown[];
  if (!calls.every(isObject))
    throw new ExotelInvalidBodyError('"Calls" holds something that is not an object');
  const metadata = isObject(body.Metadata) ? body.Metadata : {};
  const parsed: ExotelPageMetadata = {
    NextPageUri: optionalUri(metadata.NextPageUri, 'Metadata.NextPageUri'),
  };
  if (typeof metadata.Total === 'number') parsed.Total = metadata.Total;
  if (typeof metadata.PageSize === 'number') parsed.PageSize = metadata.PageSize;
  return { Metadata: parsed, Calls: calls as ExotelCall[] };
}

/** Checks a v2_beta IncomingPhoneNumbers page; every item needs a string sid and phone_number. */
export function parseExoPhonesPage(body: unknown): ExotelExoPhonesPage {
  if (!isObject(body) || !Array.isArray(body.incoming_phone_numbers)) {
    throw new ExotelInvalidBodyError('page has no "incoming_phone_numbers" array');
  }
  const items = body.incoming_phone_numbers as unknown[];
  const valid = items.every(
    (item) => isObject(item) && typeof item.sid === 'string' && typeof item.phone_number === 'string',
  );
  if (!valid) throw new ExotelInvalidBodyError('an ExoPhone item lacks a string "sid" or "phone_number"');
  return {
    incoming_phone_numbers: items as ExotelExoPhone[],
    next_page_uri: optionalUri(body.next_page_uri, 'next_page_uri'),
  };
}

/** Checks the ExoPhone details envelope: `response[0].data` must be an object with a string `sid`. */
export function parseExoPhoneDetails(body: unknown): ExotelExoPhoneDetails {
  const first = isObject(body) && Array.isArray(body.response) ? (body.response[0] as unknown) : undefined;
  const data = isObject(first) ? first.data : undefined;
  if (!isObject(data) || typeof data.sid !== 'string')
    throw new ExotelInvalidBodyError('ExoPhone details have no "response[0].data" with a string "sid"');
  return data as ExotelExoPhoneDetails;
}
