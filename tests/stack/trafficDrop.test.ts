/**
 * The silent ExoPhone end to end: the simulator's deterministic silent outage (no incoming calls to
 * one ExoPhone while its heartbeats stay OK), synced by the collector's sync from the simulated Bulk
 * API into a real PostgreSQL, rolled up, turned into the collector's expected-traffic gauges, scraped
 * from /metrics by the real Prometheus of provisioning/prometheus with its rules: the alert
 * ExowatchIncomingTrafficDropped fires for the silent ExoPhone and for nothing else.
 * The collector's parts run in-process with the simulator's clock as "now" (a past Wednesday morning),
 * so the outage and six weeks of history are there whatever day the test runs on.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { startTestCluster, type TestCluster } from '../../collector/test/harness/postgres';
import { createApp } from '../../collector/src/api/app';
import type { CalendarResolver } from '../../collector/src/calendars/resolver';
import { createCollectorMetrics } from '../../collector/src/metrics/collector';
import { createMetricsRegistry } from '../../collector/src/metrics/registry';
import { refreshRollups } from '../../collector/src/rollups/rollups';
import { createExotelClient } from '../../collector/src/runtime/exotelClients';
import { simulatorAccount } from '../../collector/src/runtime/demo';
import { tagDemoTeams } from '../../collector/src/runtime/demoTags';
import { startSimulator, type SimulatorHandle } from '../../collector/src/simulator';
import type { TruthSilentOutage } from '../../collector/src/simulator/ground-truth';
import { createPool } from '../../collector/src/store/db';
import { migrate } from '../../collector/src/store/migrate';
import { runBackfill } from '../../collector/src/sync/backfill';
import { runIncrementalSync } from '../../collector/src/sync/incremental';
import { readTraffic, type TrafficReadings } from '../../collector/src/traffic/readings';
import { startPrometheus, type RunningPrometheus } from './support/prometheus';
import { waitFor } from './support/collector';

const ZONE = 'Asia/Kolkata';
const DAY = 86_400_000;
const MINUTE = 60_000;
const HISTORY_DAYS = 6 * 7 + 1;
/** The week whose silent outage the test watches (a Monday, local time). */
const WEEK = Date.parse('2026-11-16T00:00:00+05:30');

interface Alert {
  labels: Record<string, string>;
  state: string;
}

describe('a silent ExoPhone: simulator → sync → gauges → Prometheus alert', () => {
  let cluster: TestCluster;
  let pool: Pool;
  let simulator: SimulatorHandle;
  let outage: TruthSilentOutage;
  let readings: TrafficReadings;
  let server: Server;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    simulator = await startSimulator({
      seed: 'traffic-drop',
      callsPerDay: 1600,
      exophones: 4,
      teams: 2,
      agentsPerTeam: 3,
      rateLimitPerMinute: 0,
      clock: { start: WEEK, speed: 0 },
    });
    [outage] = simulator.truth.silentOutages({ from: WEEK, to: WEEK + 7 * DAY });
    // 100 minutes into the outage: the gauges' hour (ending 10 minutes before the checkpoint) is all in it.
    const now = outage!.from + 100 * MINUTE;
    simulator.clock.set(now);

    cluster = await startTestCluster();
    pool = createPool(await cluster.freshDatabase());
    await migrate(pool);
    // The demo's team tags, in force from before the history starts.
    await tagDemoTeams(pool, simulator.account, new Date(now - HISTORY_DAYS * DAY));
    const account = simulatorAccount(simulator, 100_000);
    const source = createExotelClient(account);
    try {
      await runBackfill(pool, source, account, {
        from: new Date(now - HISTORY_DAYS * DAY),
        to: new Date(now - 3 * 3_600_000),
        now: new Date(now),
      });
      await runIncrementalSync(
        pool,
        source,
        account,
        { rereadMinutes: 10, fullRereadHours: 3, initialLookbackHours: 4 },
        { now: () => new Date(now) },
      );
    } finally {
      source.close();
    }
    await refreshRollups(pool, { now: new Date(now) });

    // Every team's calendar is the simulated centre's opening hours.
    const calendars: CalendarResolver = { rulesFor: () => simulator.account.businessHours };
    readings = await readTraffic(pool, {
      now: new Date(now),
      timeZone: ZONE,
      loadCalendars: async () => calendars,
    });
    const metrics = createCollectorMetrics(createMetricsRegistry());
    metrics.setSource('traffic', () => readings);
    const app = createApp({ routers: [], metrics: metrics.registry, readTokens: ['viewer'] });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    prometheus = await startPrometheus(`127.0.0.1:${(server.address() as AddressInfo).port}`, '3s');
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await pool?.end();
    await cluster?.destroy();
    await simulator?.close();
  });

  it('shows the silent ExoPhone far under its band and the others inside theirs, in business hours', () => {
    const exophones = readings.traffic.filter((r) => r.scope === 'exophone');
    expect(exophones.map((r) => r.exophone).sort()).toEqual(
      simulator.account.model.exophones.map((x) => x.e164).sort(),
    );
    for (const reading of exophones) {
      expect({ exophone: reading.exophone, banded: reading.band !== null }).toEqual({
        exophone: reading.exophone,
        banded: true,
      });
      if (reading.exophone === outage.exophone) {
        expect(reading.observed).toBe(0);
        expect(reading.band!.lower).toBeGreaterThan(0);
        expect(reading.band!.expected).toBeGreaterThanOrEqual(10);
      } else {
        expect(reading.observed).toBeGreaterThanOrEqual(0.5 * reading.band!.lower);
      }
      expect(reading.team).toBe(
        simulator.account.model.teams[
          simulator.account.model.exophones.find((x) => x.e164 === reading.exophone)!.teamIndex
        ]!.name,
      );
    }
    expect(
      readings.traffic
        .filter((r) => r.scope === 'team')
        .map((r) => r.team)
        .sort(),
    ).toEqual(['Sales', 'Support']);
    // The centre is open now: every team and every ExoPhone with a reading reads business hours.
    expect(readings.businessHoursOpen.filter((s) => s.scope === 'exophone').length).toBe(exophones.length);
    expect(readings.businessHoursOpen.every((s) => s.open)).toBe(true);
  });

  it('fires ExowatchIncomingTrafficDropped for the silent ExoPhone and for nothing else', async () => {
    const dropped = async () =>
      (await prometheus.api<{ alerts: Alert[] }>('alerts')).alerts.filter(
        (a) => a.labels.alertname === 'ExowatchIncomingTrafficDropped',
      );
    const fired = await waitFor(
      'the alert to fire',
      async () => (await dropped()).find((a) => a.state === 'firing'),
      60_000,
      500,
    );
    expect(fired.labels).toMatchObject({ scope: 'exophone', exophone: outage.exophone, team: outage.team });
    // Every gauge has held its value since the first scrape, so any other drop would be pending or
    // firing by now: no other ExoPhone has one. (The silent ExoPhone's team may have lost enough of
    // its calls to alert as a whole; no other team can.)
    const alerts = await dropped();
    expect(alerts.filter((a) => a.labels.scope === 'exophone').map((a) => a.labels.exophone)).toEqual([
      outage.exophone,
    ]);
    for (const alert of alerts.filter((a) => a.labels.scope === 'team'))
      expect(alert.labels.team).toBe(outage.team);
  });
});
