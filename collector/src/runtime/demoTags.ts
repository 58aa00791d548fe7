import type { Pool } from 'pg';
import type { SimulatedAccount } from '../simulator';
import { log } from '../log';
import { applyTagChanges, tagKeys, type TagChange } from '../tags/store';

/**
 * Demo history: the first sync reads the last week, a background backfill the weeks before it (the
 * trailing weeks expected traffic needs). The demo's tags and calendars hold from before all of it,
 * so every stored call belongs to a team.
 */
export const DEMO_HISTORY_DAYS = 36;
export const DEMO_TAGS_FROM_MS = (DEMO_HISTORY_DAYS + 1) * 86_400_000;

/**
 * Demo mode's business tags, as an admin would set them: each simulated team's ExoPhones, agents and
 * inbound flows get `team=<name>`, so team dashboards and alerts have something to group by.
 * Applied once, on a database that has no `team` tag yet; later edits are the admin's.
 */
export async function tagDemoTeams(pool: Pool, account: SimulatedAccount, now = new Date()): Promise<number> {
  if ((await tagKeys(pool)).some((k) => k.key === 'team')) return 0;
  const at = new Date(now.getTime() - DEMO_TAGS_FROM_MS);
  const changes: TagChange[] = account.model.teams.flatMap((team) => [
    ...team.exophones.map((exophone) => ({ target: exophone.e164, key: 'team', value: team.name, at })),
    ...team.exophones.map((exophone) => ({
      target: `flow:${exophone.inboundFlowId}`,
      key: 'team',
      value: team.name,
      at,
    })),
    ...team.agents.map((agent) => ({ target: `+91${agent.number}`, key: 'team', value: team.name, at })),
  ]);
  const unique = new Map(changes.map((change) => [`${change.target}|${change.key}`, change]));
  const applied = await applyTagChanges(pool, [...unique.values()]);
  log.info({ tags: applied }, 'demo mode: tagged the simulated teams');
  return applied;
}
