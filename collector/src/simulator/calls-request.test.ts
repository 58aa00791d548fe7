import { parseCallsRequest, toIndianE164 } from './calls-request';
import { decodeCursor, encodeCursor } from './cursor';
import { LocalTime } from './local-time';
import { RestError } from './rest-error';

const ist = new LocalTime('Asia/Kolkata');
const now = Date.parse('2025-03-10T12:00:00Z');
const parse = (query: Record<string, unknown>) => parseCallsRequest(query, ist, now);
const rejection = (query: Record<string, unknown>): RestError => {
  try {
    parse(query);
  } catch (error) {
    return error as RestError;
  }
  throw new Error('expected a 400');
};

describe('calls request', () => {
  it('reads the window in account-local time, inclusive, and repeats it explicitly', () => {
    const request = parse({ DateCreated: 'gte:2025-03-01 00:00:00;lte:2025-03-01 23:59:59' });
    expect(request.window).toEqual({
      fromMs: Date.parse('2025-02-28T18:30:00Z'),
      toMs: Date.parse('2025-03-01T18:29:59Z'),
    });
    expect(request.pageParams).toEqual([
      ['DateCreated', 'gte:2025-03-01 00:00:00;lte:2025-03-01 23:59:59'],
      ['PageSize', '50'],
      ['SortBy', 'DateCreated:desc'],
    ]);
    expect(request.order).toBe('desc');
  });

  it('defaults to the last 31 days', () => {
    const request = parse({});
    expect(request.window).toEqual({ fromMs: now - 31 * 86_400_000, toMs: now });
  });

  it.each([
    ['a window over one month', { DateCreated: 'gte:2025-01-01 00:00:00;lte:2025-02-02 00:00:00' }],
    ['a start over 6 months back', { DateCreated: 'gte:2024-09-01 00:00:00;lte:2024-09-20 00:00:00' }],
    ['lte before gte', { DateCreated: 'gte:2025-03-02 00:00:00;lte:2025-03-01 00:00:00' }],
    ['a malformed date', { DateCreated: 'gte:2025-03-01T00:00:00' }],
    ['an unknown Status', { Status: 'completed,done' }],
    ['an unknown Direction', { Direction: 'outbound' }],
    [
      'more than 5 PhoneNumbers',
      { PhoneNumber: '1111111111,2222222222,3333333333,4444444444,5555555555,6666666666' },
    ],
    ['a bad PageSize', { PageSize: 'ten' }],
    ['a bad SortBy', { SortBy: 'Sid:asc' }],
    ['a forged cursor', { After: 'bm90LWEtY3Vyc29y' }],
    [
      'both cursors',
      {
        After: encodeCursor({ createdMs: now, sid: 'a'.repeat(32) }),
        Before: encodeCursor({ createdMs: now, sid: 'a'.repeat(32) }),
      },
    ],
  ])('rejects %s with a 400', (_name, query) => {
    const error = rejection(query);
    expect(error).toBeInstanceOf(RestError);
    expect(error.status).toBe(400);
  });

  it('accepts filters, caps PageSize at 100 and reads cursors', () => {
    const position = { createdMs: Date.parse('2025-03-01T10:00:00Z'), sid: 'ab'.repeat(16) };
    const request = parse({
      Status: 'completed,no-answer',
      Direction: 'inbound',
      PhoneNumber: ' 918041234567,08041234568',
      PageSize: '500',
      SortBy: 'DateCreated:asc',
      After: encodeCursor(position),
    });
    expect(request.filter.statuses).toEqual(new Set(['completed', 'no-answer']));
    expect(request.filter.phoneNumbers).toEqual(new Set(['+918041234567', '+918041234568']));
    expect(request.pageSize).toBe(100);
    expect(request.order).toBe('asc');
    expect(request.after).toEqual(position);
  });

  it('normalises Indian numbers and round-trips cursors', () => {
    expect(toIndianE164('+91 98450-12345')).toBe('+919845012345');
    expect(toIndianE164('123')).toBeNull();
    const position = { createdMs: 1_740_000_000_000, sid: '0123456789abcdef0123456789abcdef' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(decodeCursor('%%%')).toBeNull();
  });
});
