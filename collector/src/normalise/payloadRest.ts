import { isDeepStrictEqual } from 'node:util';
import type { CallRecord } from './types';
import { compactableLegs } from './legDurations';

/**
 * Exotel's payload of a call, stored as the part the row's columns do not reproduce (docs/schema.md
 * "Storage"). Each field below is rebuilt from columns; the split leaves a field out of the rest only
 * when that rebuild gives exactly the value Exotel sent (same JSON type and text), so nothing accepted
 * is lost: a trimmed text, a number sent as a string, a time in another zone, '' for a pending value
 * all stay in the rest, which wins over the rebuilt value. A field the payload did not have is marked
 * in a bit mask (bit i = DERIVED_FIELDS[i]), so the rebuild leaves it out.
 *
 * Migration 017's SQL function raw(calls) is the same rebuild; keep the two in step (the round trip
 * through the database is tested in test/payloadRest.db.test.ts).
 */

/** Exotel writes its times as India Standard Time text, a fixed +05:30 (no daylight saving since 1945). */
const IST_OFFSET_MS = 19_800_000;

/** The text of `instant` in IST as Exotel writes it, or undefined when it has a fraction of a second. */
export function istText(instant: Date): string | undefined {
  if (instant.getTime() % 1000 !== 0) return undefined;
  return new Date(instant.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

const time = (instant: Date | null) => (instant === null ? null : (istText(instant) ?? null));

/**
 * Exotel's Price text, three decimals ("Price": "1.500" in developer.exotel.com/docs/voice-v1/api-reference/call-details),
 * from the canonical decimal of CallRecord.price; null when that has more decimals (never rounded).
 */
export function priceText(price: string | null): string | null {
  const [whole, fraction = ''] = price?.split('.') ?? [];
  return whole === undefined || fraction.length > 3 ? null : `${whole}.${fraction.padEnd(3, '0')}`;
}

/** The columns a payload field is rebuilt from, as stored (what the `calls` row holds). */
export type StoredColumns = Omit<CallRecord, 'raw' | 'uri'>;

/** Field → its value rebuilt from the columns. Bit order is stored: append only, never reorder. */
export const DERIVED_FIELDS: readonly (readonly [string, (row: StoredColumns) => unknown])[] = [
  ['Sid', (r) => r.sid],
  ['AccountSid', (r) => r.accountSid],
  ['ParentCallSid', (r) => r.parentCallSid],
  ['DateCreated', (r) => time(r.dateCreated)],
  ['DateUpdated', (r) => time(r.dateUpdated)],
  ['To', (r) => r.toRaw],
  ['From', (r) => r.fromRaw],
  ['PhoneNumberSid', (r) => r.phoneNumberSid],
  ['Status', (r) => r.status],
  ['StartTime', (r) => time(r.startTime)],
  ['EndTime', (r) => time(r.endTime)],
  ['Duration', (r) => r.duration],
  ['Direction', (r) => r.direction],
  ['AnsweredBy', (r) => r.answeredBy],
  ['Uri', (r) => callUri(r.accountSid, r.sid)],
  ['RecordingUrl', (r) => r.recordingUrl],
  [
    'Details',
    (r) => ({
      ConversationDuration: r.conversationDuration,
      Leg1Status: r.leg1Status,
      Leg2Status: r.leg2Status,
      Legs: compactableLegs(r.legs),
    }),
  ],
  ['Price', (r) => priceText(r.price)],
  // Null in Exotel's examples (CD2 of test/fixtures/documentedCalls.ts) and nearly always.
  ['ForwardedFrom', () => null],
  ['CallerName', () => null],
];

/** The bits of the named fields in the absent mask (fields not rebuilt have none). */
export function absentBits(fields: readonly string[]): number {
  return DERIVED_FIELDS.reduce((bits, [name], i) => (fields.includes(name) ? bits | (1 << i) : bits), 0);
}

/** A call's Uri as Exotel writes it (developer.exotel.com/docs/voice-v1/api-reference/call-details). */
export function callUri(accountSid: string, sid: string): string {
  return `/v1/Accounts/${accountSid}/Calls/${sid}.json`;
}

export interface PayloadRest {
  /** The payload's fields the columns do not reproduce exactly. */
  rest: Record<string, unknown>;
  /** Bits of the rebuilt fields the payload did not have. */
  absent: number;
}

/** The payload of `record` (record.raw) minus what its columns reproduce. */
export function splitPayload(record: CallRecord): PayloadRest {
  const rest: Record<string, unknown> = { ...record.raw };
  let absent = 0;
  DERIVED_FIELDS.forEach(([name, derive], i) => {
    if (!Object.hasOwn(rest, name)) absent |= 1 << i;
    else if (isDeepStrictEqual(jsonValue(rest[name]), derive(record))) delete rest[name];
  });
  return { rest, absent };
}

/** The whole payload back from the columns and the rest (as jsonb compares it: key order aside). */
export function rebuildPayload(row: StoredColumns, stored: PayloadRest): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  DERIVED_FIELDS.forEach(([name, derive], i) => {
    if ((stored.absent & (1 << i)) === 0) payload[name] = derive(row);
  });
  return { ...payload, ...stored.rest };
}

/** A payload value as jsonb keeps it (undefined inside objects dropped), for the comparison. */
function jsonValue(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
