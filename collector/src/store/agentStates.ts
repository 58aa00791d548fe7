import type { Queryable } from './db';

/** Agents busy and free now in one team ('' for agents without a team tag). */
export interface AgentStateReading {
  team: string;
  busy: number;
  free: number;
}

/**
 * An agent counts by its latest notification received in this window. Exotel may lose a `free`
 * (2 retries, then the event is gone): without a bound, such an agent would read busy forever.
 */
export const AGENT_STATE_MAX_AGE_MS = 12 * 3_600_000;

/**
 * Agents busy / free now, per team: each agent number's latest Connect-applet notification (by
 * Exotel's CurrentTime, then arrival) among those received in the last AGENT_STATE_MAX_AGE_MS, and
 * its `team` tag in force now (a manual tag over an automatic one, as tag_state resolves them).
 */
export async function readAgentStates(db: Queryable, now: Date): Promise<AgentStateReading[]> {
  const { rows } = await db.query<{ team: string; busy: string; free: string }>(
    `WITH latest AS (
       SELECT DISTINCT ON (account_sid, agent_number) agent_number, status
       FROM agent_events
       WHERE agent_number IS NOT NULL AND received_at > $1::timestamptz - $2 * interval '1 millisecond'
         AND received_at <= $1
       ORDER BY account_sid, agent_number, exotel_current_time DESC NULLS LAST, received_at DESC
     )
     SELECT coalesce((SELECT v.value FROM tag_values v
                      WHERE v.target = l.agent_number AND v.key = 'team' AND v.valid_from <= $1 AND v.valid_to > $1
                      ORDER BY v.priority DESC LIMIT 1), '') AS team,
            count(*) FILTER (WHERE l.status = 'busy') AS busy,
            count(*) FILTER (WHERE l.status = 'free') AS free
     FROM latest l
     GROUP BY 1
     ORDER BY 1`,
    [now, AGENT_STATE_MAX_AGE_MS],
  );
  return rows.map((row) => ({ team: row.team, busy: Number(row.busy), free: Number(row.free) }));
}
