/**
 * A call's RecordingUrl is stored compact (docs/schema.md "Storage"): '' when it is the link Exotel
 * writes for the call's own recording, rebuilt from the account and the call's Sid, else the link as
 * sent. Exotel's docs elide the path ("https://s3-ap-southeast-1.amazonaws.com/...mp3", exotel-api.md
 * §1.4); published calls show it whole, e.g. .../exotelrecordings/aviga1/bae15c97eb96a712a492bae55fc6181e.mp3
 * and .../exotelrecordings/oxygentimes1/fb46a88602c47186874fabc4a2f2176a.mp3, and integrations document it
 * as exotelrecordings/{AccountSid}/{CallSid}.mp3. About 100 bytes in two calls of three.
 * normalise/text.ts optionalText makes a blank link null, so '' never stands for a link sent as ''.
 * Migration 022's calls_recording_url() is the same rule.
 */

/** The link of a call's own recording as Exotel writes it. */
export function exotelRecordingUrl(accountSid: string, sid: string): string {
  return `https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/${accountSid}/${sid}.mp3`;
}

/** What to store of the link `url` of call `sid` of `accountSid`: '' when it is Exotel's own. */
export function storedRecordingUrl(url: string | null, accountSid: string, sid: string): string | null {
  return url !== null && url === exotelRecordingUrl(accountSid, sid) ? '' : url;
}

/** The link back from the stored text. */
export function recordingUrl(stored: string | null, accountSid: string, sid: string): string | null {
  return stored === '' ? exotelRecordingUrl(accountSid, sid) : stored;
}
