/**
 * Wire shapes of Exotel's Bulk Call Details API (v1, JSON), as documented in shared/exotel-api.md §1.
 * Exotel is inconsistent about types (Duration and Price arrive as strings or numbers), so every field
 * that has been seen in more than one form is typed as the union; normalise/ turns them into one form.
 */
export interface ExotelLeg {
  Leg: { Id: number | string; OnCallDuration?: number | string | null };
}

export interface ExotelCallDetails {
  ConversationDuration?: number | string | null;
  Leg1Status?: string | null;
  Leg2Status?: string | null;
  Legs?: ExotelLeg[] | null;
}

export interface ExotelCall {
  Sid: string;
  ParentCallSid?: string | null;
  /** `YYYY-MM-DD HH:mm:ss`, account-local time, no offset. */
  DateCreated: string;
  DateUpdated?: string | null;
  AccountSid: string;
  To?: string | null;
  From?: string | null;
  PhoneNumber?: string | null;
  PhoneNumberSid?: string | null;
  Status?: string | null;
  StartTime?: string | null;
  EndTime?: string | null;
  Duration?: number | string | null;
  Price?: number | string | null;
  Direction?: string | null;
  AnsweredBy?: string | null;
  ForwardedFrom?: string | null;
  CallerName?: string | null;
  Uri?: string | null;
  RecordingUrl?: string | null;
  PreSignedRecordingUrl?: string | null;
  Details?: ExotelCallDetails | null;
  [field: string]: unknown;
}

export interface ExotelPageMetadata {
  Total?: number;
  PageSize?: number;
  FirstPageUri?: string | null;
  PrevPageUri?: string | null;
  /** A path relative to the host, or (some clients report) a full URL; null/empty/absent on the last page. */
  NextPageUri?: string | null;
}

export interface ExotelCallsPage {
  Metadata: ExotelPageMetadata;
  Calls: ExotelCall[];
}

/** `{"RestException": {...}}` error body; Code has been seen as a number and as a string. */
export interface ExotelRestException {
  RestException: { Status?: number; Code?: number | string; Message?: string };
}
