/**
 * A number's text as Exotel sent it, stored only when it is not the form Exotel writes Indian numbers
 * in: `0` + the 10-digit national number ("To": "09123456789" for +919123456789 in Exotel's Call
 * Details examples, developer.exotel.com/docs/voice-v1/api-reference/call-details; "PhoneNumberSid":
 * "0XXXXXX4890"). docs/schema.md "Storage"; migration 017's calls_sent_number() is the same rule.
 */

const INDIAN_E164 = /^\+91[1-9]\d{9}$/;

/** The trunk-prefixed form of an Indian E.164 number (`+919123456789` → `09123456789`), else null. */
export function trunkForm(e164: string | null): string | null {
  return e164 !== null && INDIAN_E164.test(e164) ? `0${e164.slice(3)}` : null;
}

/** What to store of the sent text `raw` beside its E.164 form: null when the trunk form gives it back. */
export function storedSentText(raw: string | null, e164: string | null): string | null {
  return raw !== null && raw === trunkForm(e164) ? null : raw;
}

/** The sent text back from the stored one and the E.164 form. */
export function sentText(stored: string | null, e164: string | null): string | null {
  return stored ?? trunkForm(e164);
}

/**
 * What to store of PhoneNumberSid (migration 023): '' when it is the text the ExoPhone was read from
 * (CallRecord.phoneNumberRaw, which phone_number_raw(calls) gives back): Exotel's Calls carry the
 * ExoPhone in PhoneNumberSid ("0XXXXXX4890" in the Call Details reference), so it nearly always is.
 * Else it is stored as sent. normalise/text.ts optionalText never yields '', so '' means nothing else.
 */
export function storedPhoneNumberSid(sid: string | null, exophoneRaw: string | null): string | null {
  return sid !== null && sid === exophoneRaw ? '' : sid;
}

/** PhoneNumberSid back from the stored text and the ExoPhone's sent text. */
export function phoneNumberSid(stored: string | null, exophoneRaw: string | null): string | null {
  return stored === '' ? exophoneRaw : stored;
}
