import type { CallFilter, Position, SortOrder, TimeWindow } from './call-query';
import { decodeCursor } from './cursor';
import type { LocalTime } from './local-time';
import { RestError } from './rest-error';

/**
 * Reading and validating the query string of `GET /v1/Accounts/<sid>/Calls.json`, with Exotel's limits
 * (exotel-api.md §1.2): a window of at most one month that starts at most 6 months back (default: the
 * last 31 days), PageSize up to 100, at most 5 PhoneNumbers and 100 Sids.
 */
export interface CallsRequest {
  window: TimeWindow;
  filter: CallFilter;
  pageSize: number;
  order: SortOrder;
  after: Position | null;
  before: Position | null;
  /** The query as it must be repeated in page URIs (the window made explicit), without cursors. */
  pageParams: [string, string][];
  /** `details=true`: each call carries its `Details` block (legs, ConversationDuration). */
  details: boolean;
}

const DAY_MS = 86_400_000;
export const MAX_WINDOW_MS = 31 * DAY_MS;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
const STATUSES = new Set([
  'queued',
  'ringing',
  'in-progress',
  'completed',
  'failed',
  'busy',
  'no-answer',
  'canceled',
]);
const DIRECTIONS = new Set(['inbound', 'outbound-dial', 'outbound-api']);

export function parseCallsRequest(
  query: Record<string, unknown>,
  localTime: LocalTime,
  now: number,
): CallsRequest {
  const param = (name: string): string | undefined => {
    const value = query[name];
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' && first !== '' ? first : undefined;
  };

  const window = parseWindow(param('DateCreated'), localTime, now);
  const pageParams: [string, string][] = [
    ['DateCreated', `gte:${localTime.format(window.fromMs)};lte:${localTime.format(window.toMs)}`],
  ];
  const filter: CallFilter = {};

  const status = param('Status');
  if (status) {
    filter.statuses = listOf(status, 'Status', 10, (value) => (STATUSES.has(value) ? value : null));
    pageParams.push(['Status', status]);
  }
  const direction = param('Direction');
  if (direction) {
    filter.directions = listOf(direction, 'Direction', 3, (value) => (DIRECTIONS.has(value) ? value : null));
    pageParams.push(['Direction', direction]);
  }
  const phoneNumber = param('PhoneNumber');
  if (phoneNumber) {
    filter.phoneNumbers = listOf(phoneNumber, 'PhoneNumber', 5, toIndianE164);
    pageParams.push(['PhoneNumber', phoneNumber]);
  }
  const sid = param('Sid');
  if (sid) {
    filter.sids = listOf(sid, 'Sid', 100, (value) => value.toLowerCase());
    pageParams.push(['Sid', sid]);
  }

  const pageSizeText = param('PageSize');
  let pageSize = DEFAULT_PAGE_SIZE;
  if (pageSizeText !== undefined) {
    if (!/^\d+$/.test(pageSizeText) || Number(pageSizeText) < 1) {
      throw new RestError(400, `PageSize must be a positive integer, got "${pageSizeText}"`);
    }
    pageSize = Math.min(MAX_PAGE_SIZE, Number(pageSizeText));
  }
  pageParams.push(['PageSize', String(pageSize)]);

  const sortBy = param('SortBy') ?? 'DateCreated:desc';
  if (sortBy !== 'DateCreated:asc' && sortBy !== 'DateCreated:desc') {
    throw new RestError(400, `SortBy must be DateCreated:asc or DateCreated:desc, got "${sortBy}"`);
  }
  pageParams.push(['SortBy', sortBy]);

  const after = parseCursor(param('After'), 'After');
  const before = parseCursor(param('Before'), 'Before');
  if (after && before) throw new RestError(400, 'Give After or Before, not both');

  return {
    window,
    filter,
    pageSize,
    order: sortBy === 'DateCreated:asc' ? 'asc' : 'desc',
    after,
    before,
    pageParams,
    details: param('details') === 'true',
  };
}

function parseWindow(text: string | undefined, localTime: LocalTime, now: number): TimeWindow {
  let fromMs: number | undefined;
  let toMs: number | undefined;
  for (const part of text ? text.split(';') : []) {
    const match = /^(gte|lte):(.*)$/.exec(part.trim());
    const instant = match ? localTime.parse(match[2]!.trim()) : null;
    if (!match || instant === null) {
      throw new RestError(
        400,
        `DateCreated must look like "gte:YYYY-MM-DD HH:mm:ss;lte:YYYY-MM-DD HH:mm:ss", got "${text}"`,
      );
    }
    if (match[1] === 'gte') fromMs = instant;
    else toMs = instant;
  }
  toMs ??= Math.floor(now / 1000) * 1000;
  fromMs ??= toMs - MAX_WINDOW_MS;
  if (toMs < fromMs) throw new RestError(400, 'DateCreated: lte is before gte');
  if (toMs - fromMs > MAX_WINDOW_MS)
    throw new RestError(400, 'DateCreated: one query may cover at most 1 month');
  if (fromMs < localTime.monthsBefore(now, 6)) {
    throw new RestError(400, 'DateCreated: records are available only for the last 6 months');
  }
  return { fromMs, toMs };
}

function listOf(
  text: string,
  name: string,
  max: number,
  accept: (value: string) => string | null,
): Set<string> {
  const values = text.split(',').map((value) => value.trim());
  if (values.length > max) throw new RestError(400, `${name}: at most ${max} values`);
  const accepted = new Set<string>();
  for (const value of values) {
    const normalised = accept(value);
    if (normalised === null) throw new RestError(400, `${name}: invalid value "${value}"`);
    accepted.add(normalised);
  }
  return accepted;
}

/** `+91XXXXXXXXXX`, `91XXXXXXXXXX`, `0XXXXXXXXXX` or `XXXXXXXXXX` → `+91XXXXXXXXXX`. */
export function toIndianE164(text: string): string | null {
  const digits = text.replace(/[\s()-]/g, '');
  const match = /^(?:\+91|91|0)?(\d{10})$/.exec(digits);
  return match ? '+91' + match[1] : null;
}

function parseCursor(text: string | undefined, name: string): Position | null {
  if (text === undefined) return null;
  const position = decodeCursor(text);
  if (!position) throw new RestError(400, `${name}: not a valid paging cursor`);
  return position;
}
