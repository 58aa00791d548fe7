import { rawFunction, reportingCallsView } from '../migrationSql/compactCalls';

export const sql = `-- A call's PhoneNumberSid is stored compact (docs/schema.md "Storage", normalise/sentNumber.ts): ''
-- when it is the text the ExoPhone was read from, which phone_number_raw(calls) gives back (Exotel's
-- Calls carry the ExoPhone there, "0XXXXXX4890"), so nearly always; else as sent. About 13 bytes per
-- call. The column is renamed, so a query of the old name fails instead of reading '';
-- \`c.phone_number_sid\` gives the text either way (PostgreSQL's functional notation, as \`c.raw\`). The
-- sync never stored '' (a blank text is null): rows stored before keep theirs and read the same; the
-- sync stores a row compact the next time it reads the call.
ALTER TABLE calls RENAME COLUMN phone_number_sid TO phone_number_sid_sent;

CREATE FUNCTION phone_number_sid(c calls) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN c.phone_number_sid_sent = '' THEN calls_sent_number(c.phone_number_sent, c.phone_number)
            ELSE c.phone_number_sid_sent END;

-- 022's raw(), its PhoneNumberSid rebuilt.
${rawFunction({
  replaces: true,
  recordingUrl: 'calls_recording_url(c.recording_url_sent, c.account_sid, c.sid)',
  phoneNumberSid: 'phone_number_sid(c)',
})}

-- The same view: its c.phone_number_sid, the renamed column until now, is the function.
${reportingCallsView('CREATE OR REPLACE VIEW')}
`;
