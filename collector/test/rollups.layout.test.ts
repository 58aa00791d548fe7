import { normaliseCall } from '../src/normalise';
import { callRollupTables } from '../src/rollups/rollupTables';
import { refreshRollups } from '../src/rollups/rollups';
import { upsertCalls } from '../src/store/calls';
import { applyTagChanges } from '../src/tags/store';
import { exotelCall } from './fixtures/exotelCall';
import { migratedDatabaseEachTest } from './harness/database';

/**
 * A tag filter reads the rollup rows of its tag set through the tags index: rows written in bucket then
 * tag-set order keep each bucket's rows of a tag set on a few heap pages. The ExoPhones' numbers run
 * opposite to their teams, so an order by any other dimension (or none, as hash grouping emits) shows.
 * The calls are the Call Details example of fixtures/exotelCall.ts (exotel-api.md §1.4) with their
 * documented `To`, `PhoneNumberSid` (the ExoPhone), `DateCreated` and `Status` changed; the dates are
 * fixed, and so is the refresh's "now".
 */
const EXOPHONES = ['08069891520', '08069891521', '08069891522', '08069891523', '08069891524', '08069891525'];
const TEAMS = ['Team F', 'Team E', 'Team D', 'Team C', 'Team B', 'Team A'];

describe('rollup rows on disk (real PostgreSQL)', () => {
  const db = migratedDatabaseEachTest();

  it('are written by bucket, then tag set, in every call rollup table', async () => {
    await applyTagChanges(
      db.pool,
      EXOPHONES.map((exophone, i) => ({
        target: `+91${exophone.slice(1)}`,
        key: 'team',
        value: TEAMS[i]!,
        at: new Date('2026-11-01T00:00:00+05:30'),
      })),
    );
    const calls = [10, 11, 12].flatMap((hour) =>
      EXOPHONES.flatMap((exophone, i) =>
        ['completed', 'no-answer'].map((status, k) =>
          normaliseCall(
            exotelCall({
              Sid: `layout-${hour}-${i}-${k}`,
              DateCreated: `2026-11-20 ${hour}:${10 + 5 * i + k}:00`,
              To: exophone,
              PhoneNumberSid: exophone,
              Status: status,
            }),
          ),
        ),
      ),
    );
    await upsertCalls(db.pool, calls);
    await refreshRollups(db.pool, { now: new Date('2026-11-21T00:00:00Z') });

    for (const table of callRollupTables()) {
      const { rows } = await db.pool.query<{ bucket: Date; tags: string }>(
        `SELECT bucket, tags::text AS tags FROM ${table} ORDER BY ctid`,
      );
      const written = rows.map((r) => `${r.bucket.toISOString()} ${r.tags}`);
      expect({ table, teams: new Set(rows.map((r) => r.tags)).size }).toEqual({ table, teams: TEAMS.length });
      // Code-unit order is the C collation's order for these ASCII texts.
      expect({ table, written }).toEqual({ table, written: [...written].sort() });
    }
  });
});
