/**
 * A call as exowatch stores it: one row of the `calls` table (see docs/schema.md).
 * Times are UTC instants; numbers are E.164 with the text Exotel sent kept beside them.
 */
export interface CallRecord {
  sid: string;
  accountSid: string;
  parentCallSid: string | null;
  dateCreated: Date;
  dateUpdated: Date | null;
  toNumber: string | null;
  toRaw: string | null;
  fromNumber: string | null;
  fromRaw: string | null;
  phoneNumber: string | null;
  phoneNumberRaw: string | null;
  phoneNumberSid: string | null;
  status: string | null;
  startTime: Date | null;
  endTime: Date | null;
  /** Seconds; null until Exotel has settled it. */
  duration: number | null;
  /** Decimal text (kept exact, stored as numeric); null until settled. */
  price: string | null;
  direction: string | null;
  answeredBy: string | null;
  uri: string | null;
  recordingUrl: string | null;
  conversationDuration: number | null;
  leg1Status: string | null;
  leg2Status: string | null;
  /** `Details.Legs` as sent, or null. */
  legs: unknown[] | null;
  /** The record exactly as Exotel sent it, for fields we do not model. */
  raw: Record<string, unknown>;
}
