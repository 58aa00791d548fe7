import type { AccountModel, ExoPhone } from './account-model';
import { RestError } from './rest-error';

/**
 * `GET /v2_beta/Accounts/<sid>/IncomingPhoneNumbers` (exotel-api.md §4.2): the ExoPhones, 50 a page,
 * paged with `Page` (from 0) and `PageSize`.
 */
export interface ExoPhoneListPage {
  page: number;
  page_size: number;
  uri: string;
  first_page_uri: string;
  next_page_uri: string | null;
  previous_page_uri: string | null;
  incoming_phone_numbers: ExoPhoneListItem[];
}

export interface ExoPhoneListItem {
  sid: string;
  phone_number: string;
  friendly_name: string;
  capabilities: { voice: boolean; sms: boolean };
  country: 'IN';
  region: string;
  number_type: 'local';
  voice_url: string;
  sms_url: string | null;
}

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;

export function buildExoPhoneListPage(
  model: AccountModel,
  accountSid: string,
  query: Record<string, unknown>,
  basePath: string,
): ExoPhoneListPage {
  const page = nonNegativeInteger(query.Page, 'Page', 0);
  const pageSize = Math.min(MAX_PAGE_SIZE, nonNegativeInteger(query.PageSize, 'PageSize', DEFAULT_PAGE_SIZE));
  if (pageSize === 0) throw new RestError(400, 'PageSize must be at least 1');
  const uri = (n: number): string => `${basePath}?Page=${n}&PageSize=${pageSize}`;
  const items = model.exophones.slice(page * pageSize, (page + 1) * pageSize);
  return {
    page,
    page_size: pageSize,
    uri: uri(page),
    first_page_uri: uri(0),
    next_page_uri: (page + 1) * pageSize < model.exophones.length ? uri(page + 1) : null,
    previous_page_uri: page > 0 ? uri(page - 1) : null,
    incoming_phone_numbers: items.map((exophone) => listItem(exophone, accountSid)),
  };
}

function listItem(exophone: ExoPhone, accountSid: string): ExoPhoneListItem {
  return {
    sid: exophone.sid,
    phone_number: exophone.e164,
    friendly_name: exophone.friendlyName,
    capabilities: { voice: true, sms: false },
    country: 'IN',
    region: exophone.region,
    number_type: 'local',
    voice_url: `http://my.exotel.com/${accountSid}/exoml/start_voice/${exophone.inboundFlowId}`,
    sms_url: null,
  };
}

function nonNegativeInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value))
    throw new RestError(400, `${name} must be a non-negative integer`);
  return Number(value);
}
