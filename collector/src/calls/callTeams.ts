import type { CallRecord } from '../normalise/types';
import { factsSql } from '../rollups/facts';
import type { Queryable } from '../store/db';

/**
 * The `team` tag of each call as the query API attributes it (its ExoPhone's, flow's, then agent's
 * tags as of the call's start; facts.ts), by Sid; '' when the call has no team.
 */
export async function teamsOfCalls(
  db: Queryable,
  calls: readonly CallRecord[],
): Promise<Map<string, string>> {
  if (calls.length === 0) return new Map();
  const { rows } = await db.query<{ sid: string; team: string | null }>(
    `SELECT sid, tags ->> 'team' AS team FROM (${factsSql({
      where: `(c.sid, c.date_created) IN (SELECT * FROM unnest($1::text[], $2::timestamptz[]))`,
      measures: ['calls'],
    })}) f`,
    [calls.map((c) => c.sid), calls.map((c) => c.dateCreated)],
  );
  return new Map(rows.map((row) => [row.sid, row.team ?? '']));
}
