import type { Pool } from 'pg';
import { exotelRecordingUrl } from '../src/normalise/recordingUrl';
import { normaliseCall } from '../src/normalise';
import { applyRetention } from '../src/privacy/retention';
import { createPool } from '../src/store/db';
import { upsertCalls } from '../src/store/calls';
import { migrate } from '../src/store/migrate';
import { exotelCall } from './fixtures/exotelCall';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * Migration 022 stores a call's link to its own recording as '' (normalise/recordingUrl.ts). Rows
 * stored before keep their whole link and read the same; the sync's next write of the call stores it
 * compact; retention still removes it.
 */
const OWN = 'b6cfaf5f5cef3ca0fc937749ef96d245';
const OTHER = 'c5797dcbaaeed7678c4062a4a3ed2f8a';
const NONE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const OWN_LINK = exotelRecordingUrl('acme', OWN);
// The link shape of Exotel's documented examples, which elide the path: stored as sent.
const OTHER_LINK = 'https://s3-ap-southeast-1.amazonaws.com/.../recording.mp3';
const CREATED = '2026-11-20T05:18:33Z';

interface Read {
  sid: string;
  sent: string | null;
  link: string | null;
  raw_link: string | null;
}

async function read(pool: Pool): Promise<Read[]> {
  const { rows } = await pool.query<Read>(
    `SELECT sid, recording_url_sent AS sent, c.recording_url AS link, c.raw ->> 'RecordingUrl' AS raw_link
     FROM calls c ORDER BY sid`,
  );
  return rows;
}

describe('migration 022: the recording link stored compact', () => {
  let cluster: TestCluster;
  let pool: Pool;

  beforeAll(async () => {
    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    await migrate(pool, { before: '022' });
    // Rows as 017–021 stored them: the link in recording_url, RecordingUrl rebuilt from it.
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, direction, status, recording_url, payload_rest, payload_absent)
       SELECT sid, $1, 'acme', 'inbound', 'completed', link, '{}', 0
       FROM (VALUES ($2, $3), ($4, $5), ($6, NULL)) v(sid, link)`,
      [CREATED, OWN, OWN_LINK, OTHER, OTHER_LINK, NONE],
    );
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await cluster.destroy();
  });

  it('keeps the rows stored before as they were, read the same', async () => {
    expect(await read(pool)).toEqual([
      { sid: NONE, sent: null, link: null, raw_link: null },
      { sid: OWN, sent: OWN_LINK, link: OWN_LINK, raw_link: OWN_LINK },
      { sid: OTHER, sent: OTHER_LINK, link: OTHER_LINK, raw_link: OTHER_LINK },
    ]);
  });

  it("stores the call's own link as '' when the sync writes the call again, read the same", async () => {
    const calls = [
      [OWN, OWN_LINK],
      [OTHER, OTHER_LINK],
      [NONE, null],
    ].map(([sid, link]) =>
      normaliseCall(
        exotelCall({ Sid: sid!, Uri: `/v1/Accounts/acme/Calls/${sid}.json`, RecordingUrl: link }),
      ),
    );
    await upsertCalls(pool, calls);
    expect(await read(pool)).toEqual([
      { sid: NONE, sent: null, link: null, raw_link: null },
      { sid: OWN, sent: '', link: OWN_LINK, raw_link: OWN_LINK },
      { sid: OTHER, sent: OTHER_LINK, link: OTHER_LINK, raw_link: OTHER_LINK },
    ]);
    // The whole payload comes back as Exotel sent it.
    const { rows } = await pool.query<{ raw: unknown }>(`SELECT c.raw FROM calls c WHERE sid = $1`, [OWN]);
    expect(rows[0]!.raw).toEqual(exotelCall({ Sid: OWN, RecordingUrl: OWN_LINK }));
  });

  it('lets retention remove the compact link like any other', async () => {
    const now = new Date(Date.parse(CREATED) + 3 * 86_400_000);
    await applyRetention(
      pool,
      { rawPayloadDays: 400, recordingUrlDays: 2, numbersInClearDays: 400 },
      { now },
    );
    expect(await read(pool)).toEqual([
      { sid: NONE, sent: null, link: null, raw_link: null },
      { sid: OWN, sent: null, link: null, raw_link: null },
      { sid: OTHER, sent: null, link: null, raw_link: null },
    ]);
  });
});
