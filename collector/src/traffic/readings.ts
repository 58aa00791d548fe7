import type { Pool, PoolClient } from 'pg';
import { periodAt } from '../calendars/calendar';
import { loadCalendarResolver, type CalendarResolver } from '../calendars/resolver';
import { SNAPSHOT, specRows } from '../engine/engine';
import type { Row } from '../engine/frames';
import { FamilyRegistry } from '../engine/registry';
import { parseQueryRequest } from '../engine/request';
import { HOUR_MS } from '../querykit/zone';
import { inTransaction } from '../store/db';
import type { Band } from './expected';
import { expectedTrafficFamily, type ExpectedTrafficOptions } from './family';

/**
 * What the Prometheus gauges of expected traffic show (docs/metrics.md), computed once a minute: per
 * ExoPhone and per team, the incoming calls of the trailing observation window and the band expected
 * for that same window (query metric incoming_expected, so the figures are the dashboards'), and
 * whether the calendar of each of those scopes is in business hours now.
 */

/** Incoming calls of one scope over the observation window. */
export interface TrafficReading {
  scope: 'exophone' | 'team';
  /** E.164 for scope exophone, '' for scope team. */
  exophone: string;
  /** The team (the ExoPhone's current team tag for scope exophone), '' when none. */
  team: string;
  observed: number;
  /** null when there is not enough history to expect anything. */
  band: Band | null;
}

/** Whether the calendar of a scope (labelled like its TrafficReading) is in business hours now. */
export interface ScopeOpen {
  scope: TrafficReading['scope'];
  exophone: string;
  team: string;
  open: boolean;
}

export interface TrafficReadings {
  traffic: TrafficReading[];
  /**
   * Every team (team '' = no team: the default calendar) and every ExoPhone with a reading. An
   * ExoPhone's calendar is its team's when the team has one, else its own assignment, else the default
   * (the precedence of the periods), so a number with its own hours alerts on those hours.
   */
  businessHoursOpen: ScopeOpen[];
}

export const NO_TRAFFIC_READINGS: TrafficReadings = { traffic: [], businessHoursOpen: [] };

/** The gauges compare one hour of calls. */
export const OBSERVATION_WINDOW_MS = HOUR_MS;
/**
 * The Bulk API lists a call once it has ended and the sync reads every minute, so the last minutes
 * before the sync checkpoint still miss calls in progress: the window ends this long before it.
 */
export const OBSERVATION_DELAY_MS = 10 * 60_000;

/** The window observed at `now`: one hour ending OBSERVATION_DELAY_MS before the checkpoint (whole minutes). */
export function observationWindow(now: number, syncedUntil: number): [number, number] {
  const end = Math.floor((Math.min(now, syncedUntil) - OBSERVATION_DELAY_MS) / 60_000) * 60_000;
  return [end - OBSERVATION_WINDOW_MS, end];
}

/**
 * Business hours now for the calendar of a team and/or ExoPhone ('' = none; neither → the default
 * calendar); no calendar: open.
 */
export function businessHoursOpen(
  resolver: CalendarResolver | null,
  scope: { team: string; exophone: string },
  now: number,
): boolean {
  const rules = resolver?.rulesFor({
    team: scope.team === '' ? null : scope.team,
    flow: null,
    exophone: scope.exophone === '' ? null : scope.exophone,
    at: now,
  });
  return !rules || periodAt(rules, now) === 'business_hours';
}

/** Target → its `team` tag value now. */
async function teamsNow(client: PoolClient, now: Date): Promise<Map<string, string>> {
  const { rows } = await client.query<{ target: string; value: string }>(
    `SELECT DISTINCT ON (target) target, value FROM tag_values
     WHERE key = 'team' AND valid_from <= $1 AND valid_to > $1 ORDER BY target, priority DESC`,
    [now],
  );
  return new Map(rows.map((r) => [r.target, r.value]));
}

/** Everything created before this has been read by every account's sync; null before any sync. */
async function syncedUntil(client: PoolClient): Promise<number | null> {
  const { rows } = await client.query<{ until: Date | null }>(
    'SELECT min(synced_until) AS until FROM sync_state',
  );
  return rows[0]?.until?.getTime() ?? null;
}

const bandOf = (row: Row): Band | null =>
  Number(row.unknown) > 0
    ? null
    : { expected: Number(row.expected), lower: Number(row.lower), upper: Number(row.upper) };

export interface ReadTrafficOptions extends ExpectedTrafficOptions {
  now: Date;
  /** The business time zone (hours of the week). */
  timeZone: string;
}

export async function readTraffic(pool: Pool, options: ReadTrafficOptions): Promise<TrafficReadings> {
  return inTransaction(
    pool,
    async (client) => {
      const now = options.now.getTime();
      const resolver = await (options.loadCalendars ?? loadCalendarResolver)(client);
      const teams = await teamsNow(client, options.now);
      const teamNames = [...new Set(teams.values())].sort();
      const openOf = (scope: ScopeOpen['scope'], exophone: string, team: string): ScopeOpen => ({
        scope,
        exophone,
        team,
        open: businessHoursOpen(resolver, { team, exophone }, now),
      });
      const open = ['', ...teamNames].map((team) => openOf('team', '', team));
      const until = await syncedUntil(client);
      if (until === null) return { traffic: [], businessHoursOpen: open };
      const [from, to] = observationWindow(now, until);
      const families = new FamilyRegistry([expectedTrafficFamily({ loadCalendars: async () => resolver })]);
      const rowsBy = (groupBy: string[]) =>
        specRows(
          client,
          parseQueryRequest(
            { metric: 'incoming_expected', from, to, interval: 'all', groupBy, timeZone: options.timeZone },
            options.timeZone,
            families,
          ),
          options.now,
          families,
        );
      const traffic: TrafficReading[] = [];
      for (const row of await rowsBy(['exophone'])) {
        if (row.g0 == null) continue;
        const exophone = String(row.g0);
        const team = teams.get(exophone) ?? '';
        traffic.push({ scope: 'exophone', exophone, team, observed: Number(row.calls), band: bandOf(row) });
        open.push(openOf('exophone', exophone, team));
      }
      if (teamNames.length > 0) {
        for (const row of await rowsBy(['team'])) {
          if (row.g0 == null) continue;
          const team = String(row.g0);
          traffic.push({ scope: 'team', exophone: '', team, observed: Number(row.calls), band: bandOf(row) });
        }
      }
      return { traffic, businessHoursOpen: open };
    },
    SNAPSHOT,
  );
}
