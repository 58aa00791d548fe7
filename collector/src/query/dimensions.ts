import type { ExoPhoneInfo } from '@exowatch/contract';
import type { Queryable } from '../store/db';

/**
 * Values for the plugin's template variables. Read from the small tables (ExoPhone list, tags,
 * rollups, the last week of calls), never a scan of the whole call history.
 */
export async function listExoPhones(db: Queryable): Promise<ExoPhoneInfo[]> {
  const { rows } = await db.query<ExoPhoneInfo>(
    `SELECT number, max(name) AS name, max(region) AS region FROM (
       SELECT phone_number AS number, friendly_name AS name, region FROM exophones WHERE phone_number IS NOT NULL
       UNION ALL SELECT DISTINCT exophone, NULL, NULL FROM call_rollup_daily WHERE exophone IS NOT NULL) x
     GROUP BY number ORDER BY number LIMIT 5000`,
  );
  return rows;
}

export async function listAgents(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ number: string }>(
    `SELECT number FROM (
       SELECT target AS number FROM tags WHERE target NOT LIKE 'flow:%'
         AND target NOT IN (SELECT phone_number FROM exophones WHERE phone_number IS NOT NULL)
       UNION SELECT from_number FROM calls WHERE date_created > now() - interval '7 days' AND direction <> 'inbound' AND from_number IS NOT NULL
       UNION SELECT dial_whom_number FROM passthru_events WHERE received_at > now() - interval '7 days' AND dial_whom_number IS NOT NULL) a
     ORDER BY number LIMIT 5000`,
  );
  return rows.map((r) => r.number);
}

export async function listFlows(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ flow: string }>(
    `SELECT flow FROM (
       SELECT DISTINCT flow FROM call_rollup_daily WHERE flow IS NOT NULL
       UNION SELECT substr(target, 6) FROM tags WHERE target LIKE 'flow:%') f
     ORDER BY flow LIMIT 5000`,
  );
  return rows.map((r) => r.flow);
}
