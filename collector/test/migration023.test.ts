import type { Pool } from 'pg';
import { normaliseCall } from '../src/normalise';
import { createPool } from '../src/store/db';
import { upsertCalls } from '../src/store/calls';
import { migrate } from '../src/store/migrate';
import { exotelCall } from './fixtures/exotelCall';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * Migration 023 stores PhoneNumberSid as '' when it is the ExoPhone's sent text
 * (normalise/sentNumber.ts storedPhoneNumberSid). Rows stored before keep theirs and read the same,
 * through c.phone_number_sid, c.raw and reporting.calls; the sync's next write stores it compact.
 */
// Exotel's usual call: the ExoPhone in PhoneNumberSid (the fixture's "08069891522", the trunk form).
const USUAL = 'b6cfaf5f5cef3ca0fc937749ef96d245';
// The ExoPhone read from PhoneNumber, with another text in PhoneNumberSid.
const OTHER = 'c5797dcbaaeed7678c4062a4a3ed2f8a';
const CREATED = '2026-11-20T05:18:33Z';

interface Read {
  sid: string;
  sent: string | null;
  column: string | null;
  raw: string | null;
  reporting: string | null;
}

async function read(pool: Pool): Promise<Read[]> {
  const { rows } = await pool.query<Read>(
    `SELECT c.sid, c.phone_number_sid_sent AS sent, c.phone_number_sid AS column,
            c.raw ->> 'PhoneNumberSid' AS raw, r.phone_number_sid AS reporting
     FROM calls c JOIN reporting.calls r USING (sid) ORDER BY sid`,
  );
  return rows;
}

describe('migration 023: PhoneNumberSid stored compact', () => {
  let cluster: TestCluster;
  let pool: Pool;

  beforeAll(async () => {
    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    await migrate(pool, { before: '023' });
    // Rows as 017–022 stored them: PhoneNumberSid in its column, the ExoPhone's text in
    // phone_number_sent only when it is not the trunk form.
    await pool.query(
      `INSERT INTO calls (sid, date_created, account_sid, direction, phone_number, phone_number_sent,
                          phone_number_sid, payload_rest, payload_absent)
       VALUES ($1, $3, 'acme', 'inbound', '+918069891522', NULL, '08069891522', '{}', 0),
              ($2, $3, 'acme', 'inbound', '+918069891522', '+91 80 6989 1522', 'XP42', '{}', 0)`,
      [USUAL, OTHER, CREATED],
    );
    await migrate(pool);
  });
  afterAll(async () => {
    await pool.end();
    await cluster.destroy();
  });

  const before: Read[] = [
    { sid: USUAL, sent: '08069891522', column: '08069891522', raw: '08069891522', reporting: '08069891522' },
    { sid: OTHER, sent: 'XP42', column: 'XP42', raw: 'XP42', reporting: 'XP42' },
  ];

  it('keeps the rows stored before as they were, read the same', async () => {
    expect(await read(pool)).toEqual(before);
  });

  it("stores the ExoPhone's own text as '' when the sync writes the call again, read the same", async () => {
    const usual = exotelCall({ Sid: USUAL });
    const other = exotelCall({
      Sid: OTHER,
      Uri: `/v1/Accounts/acme/Calls/${OTHER}.json`,
      PhoneNumberSid: 'XP42',
      PhoneNumber: '+91 80 6989 1522',
    });
    await upsertCalls(pool, [normaliseCall(usual), normaliseCall(other)]);
    expect(await read(pool)).toEqual([{ ...before[0]!, sent: '' }, before[1]]);
    const { rows } = await pool.query<{ sid: string; raw: unknown }>(
      `SELECT sid, c.raw FROM calls c ORDER BY sid`,
    );
    expect(rows.map((r) => r.raw)).toEqual([usual, other]);
  });
});
