import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createCollectorMetrics, recordCountedCalls, type CollectorMetrics } from '../src/metrics/collector';
import { teamsOfCalls } from '../src/calls/callTeams';
import { factsSql } from '../src/rollups/facts';
import { createExotelClient } from '../src/runtime/exotelClients';
import { simulatorAccount } from '../src/runtime/demo';
import { tagDemoTeams } from '../src/runtime/demoTags';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { runIncrementalSync } from '../src/sync/incremental';
import { migratedDatabase } from './harness/database';

/**
 * exowatch_calls_total{team} and exowatch_team_calls_offered_total / _answered_total from the sync
 * (Bulk API data only): each call counts once, when the stored record first shows it offered / answered; a call that settles later
 * counts then; re-reads and a restart (fresh counters, same database) never count a call again.
 */
const MINUTE = 60_000;
const T = Date.parse('2026-11-17T11:00:00+05:30'); // a Tuesday morning: busy
const SETTINGS = { rereadMinutes: 10, fullRereadHours: 4, initialLookbackHours: 2 };

type Tally = Record<string, { offered: number; answered: number }>;

describe('per-team offered and answered counters from the sync', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let simulator: SimulatorHandle;

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    simulator = await startSimulator({
      seed: 'team-counters',
      callsPerDay: 3000,
      provisionalStatusFraction: 0.6,
      rateLimitPerMinute: 0,
      clock: { start: T, speed: 0 },
    });
    await tagDemoTeams(pool, simulator.account, new Date(T));
  });
  afterAll(async () => {
    await simulator.close();
    await close();
  });

  /** One sync run at `now`, counting into `metrics` as the collector does (lookups awaited). */
  async function syncAt(now: number, metrics: CollectorMetrics): Promise<void> {
    simulator.clock.set(now);
    const account = simulatorAccount(simulator, 100_000);
    const source = createExotelClient(account);
    const counting: Promise<void>[] = [];
    try {
      await runIncrementalSync(pool, source, account, SETTINGS, {
        now: () => new Date(now),
        onCountedCalls: (calls) =>
          void counting.push(
            teamsOfCalls(pool, [...calls.inserted, ...calls.offered, ...calls.answered]).then((teams) =>
              recordCountedCalls(metrics, calls, teams),
            ),
          ),
      });
    } finally {
      source.close();
    }
    await Promise.all(counting);
  }

  /** What the counters say, per team. */
  async function counted(metrics: CollectorMetrics): Promise<Tally> {
    const tally: Tally = {};
    for (const [kind, counter] of [
      ['offered', metrics.teamCallsOffered],
      ['answered', metrics.teamCallsAnswered],
    ] as const) {
      for (const { labels, value } of (await counter.get()).values) {
        const team = String(labels.team);
        tally[team] ??= { offered: 0, answered: 0 };
        tally[team][kind] = value;
      }
    }
    return tally;
  }

  /** exowatch_calls_total summed per team and direction ("team/direction" → calls). */
  async function countedCalls(metrics: CollectorMetrics): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const { labels, value } of (await metrics.calls.get()).values) {
      const key = `${String(labels.team)}/${String(labels.direction)}`;
      totals[key] = (totals[key] ?? 0) + value;
    }
    return totals;
  }

  /** The calls the database holds, per team and direction. */
  async function storedCalls(): Promise<Record<string, number>> {
    const { rows } = await pool.query<{ key: string; n: number }>(
      `SELECT concat(f.tags ->> 'team', '/', c.direction) AS key, count(*)::int AS n
       FROM (${factsSql({ where: 'true', measures: ['calls'] })}) f JOIN calls c USING (sid)
       GROUP BY 1`,
    );
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  }

  /** What the database holds now: inbound calls with an agent leg / a completed one, per team. */
  async function stored(): Promise<Tally> {
    const { rows } = await pool.query<{ team: string | null; offered: number; answered: number }>(
      `SELECT f.tags ->> 'team' AS team,
              count(*) FILTER (WHERE c.leg2_status IS NOT NULL)::int AS offered,
              count(*) FILTER (WHERE c.leg2_status = 'completed')::int AS answered
       FROM (${factsSql({ where: `c.direction = 'inbound'`, measures: ['calls'] })}) f JOIN calls c USING (sid)
       GROUP BY 1`,
    );
    return Object.fromEntries(
      rows
        .filter((r) => r.offered > 0)
        .map((r) => [r.team ?? '', { offered: r.offered, answered: r.answered }]),
    );
  }

  const minus = (a: Tally, b: Tally): Tally =>
    Object.fromEntries(
      Object.entries(a)
        .map(([team, x]) => [
          team,
          { offered: x.offered - (b[team]?.offered ?? 0), answered: x.answered - (b[team]?.answered ?? 0) },
        ])
        .filter(([, x]) => (x as Tally[string]).offered > 0 || (x as Tally[string]).answered > 0),
    );

  it('counts each call once as the database first shows it offered, then answered, across restarts', async () => {
    const metrics = createCollectorMetrics(new Registry());
    await syncAt(T, metrics);
    const first = await stored();
    expect(Object.keys(first).sort()).toEqual(simulator.account.model.teams.map((t) => t.name).sort());
    expect(await counted(metrics)).toEqual(first);
    // Every stored call counted once in exowatch_calls_total, under its team.
    const firstCalls = await storedCalls();
    expect(Object.keys(firstCalls).filter((k) => !k.startsWith('/')).length).toBeGreaterThan(1);
    expect(await countedCalls(metrics)).toEqual(firstCalls);
    const answeredBeforeT = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM calls WHERE direction = 'inbound' AND leg2_status = 'completed' AND date_created < $1`,
          [new Date(T)],
        )
      ).rows[0]!.n;
    const answeredAtFirst = await answeredBeforeT();

    // An hour later a full re-read settles the agent legs that were still ringing or in progress:
    // those calls count as answered now, and nothing counts twice.
    await syncAt(T + 61 * MINUTE, metrics);
    const second = await stored();
    expect(await counted(metrics)).toEqual(second);
    expect(await countedCalls(metrics)).toEqual(await storedCalls());
    expect(await answeredBeforeT()).toBeGreaterThan(answeredAtFirst);

    // A restart: fresh counters, the same database, another full re-read of hours already counted.
    const restarted = createCollectorMetrics(new Registry());
    await syncAt(T + 122 * MINUTE, restarted);
    expect(await counted(restarted)).toEqual(minus(await stored(), second));
  });
});
