import { callsKeepErased } from '../migrationSql/privacy';
import { rawFunction } from '../migrationSql/compactCalls';

export const sql = `-- A call's RecordingUrl is stored compact (docs/schema.md "Storage", normalise/recordingUrl.ts): ''
-- when it is the link Exotel writes for the call's own recording,
-- https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/{AccountSid}/{Sid}.mp3, rebuilt from the
-- account and the Sid; any other link as sent. About 100 bytes in two calls of three. The column is
-- renamed, so a query of the old name fails instead of reading ''; \`c.recording_url\` gives the link
-- either way (PostgreSQL's functional notation, as \`c.raw\`). The sync never stored '' (a blank link is
-- null), so rows stored before keep their whole link and read the same; nothing is rewritten, and the
-- sync stores a row compact the next time it reads the call.
ALTER TABLE calls RENAME COLUMN recording_url TO recording_url_sent;

CREATE FUNCTION calls_recording_url(sent text, account_sid text, sid text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN sent = '' THEN 'https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/' || account_sid || '/' || sid || '.mp3'
            ELSE sent END;

CREATE FUNCTION recording_url(c calls) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN calls_recording_url(c.recording_url_sent, c.account_sid, c.sid);

-- 017's raw(), its RecordingUrl rebuilt.
${rawFunction({ replaces: true, recordingUrl: 'calls_recording_url(c.recording_url_sent, c.account_sid, c.sid)' })}

-- 017's trigger, dropping the renamed column's link when a number of the call was erased.
${callsKeepErased({ payload: 'payload_rest', sent: 'sent', recording: 'recording_url_sent' })}
`;
