import type { Pool } from 'pg';
import { tagDemoTeams } from '../src/runtime/demoTags';
import { SimulatedAccount } from '../src/simulator';
import { resolveOptions } from '../src/simulator/options';
import { tagValues } from '../src/tags/store';
import { migratedDatabase } from './harness/database';

describe('demo mode team tags (real PostgreSQL)', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
  });
  afterAll(async () => {
    await close();
  });

  it('tags every simulated ExoPhone and agent with its team once, and leaves later edits alone', async () => {
    const account = new SimulatedAccount(resolveOptions({ seed: 'demo-tags' }));
    const applied = await tagDemoTeams(pool, account);
    const { exophones, teams } = account.model;
    expect(applied).toBeGreaterThanOrEqual(exophones.length + teams.reduce((n, t) => n + t.agents.length, 0));

    const { rows } = await pool.query<{ target: string; value: string }>(
      "SELECT target, value FROM tags WHERE key = 'team' AND valid_to = 'infinity'",
    );
    const teamOf = new Map(rows.map((r) => [r.target, r.value]));
    for (const exophone of exophones) expect(teamOf.get(exophone.e164)).toBe(teams[exophone.teamIndex]!.name);
    expect((await tagValues(pool, 'team')).map((v) => v.value).sort()).toEqual(
      teams.map((t) => t.name).sort(),
    );

    expect(await tagDemoTeams(pool, account)).toBe(0);
  });
});
