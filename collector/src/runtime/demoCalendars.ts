import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { WEEKDAYS } from '../calendars/calendar';
import { officeHoursCalendar, weeklyRules } from '../calendars/input';
import { listCalendars, writeCalendar } from '../calendars/store';
import { log } from '../log';
import type { SimulatedAccount } from '../simulator';
import { DEMO_TAGS_FROM_MS } from './demoTags';

const ZONE = 'Asia/Kolkata';

/** A local date `daysAgo` days before `now`, inside the demo's week of history. */
const dateBefore = (now: Date, daysAgo: number) =>
  DateTime.fromJSDate(now, { zone: ZONE }).minus({ days: daysAgo }).toISODate()!;

/**
 * Demo mode's business calendars, as an admin would set them: a default calendar (Monday to Saturday
 * 09:00–18:00 with one holiday) and, for the second simulated team, longer hours every day with a
 * holiday of its own, so queries by team and period have data in every period. Applied once, on a
 * database without calendars, from the same instant as the demo's tags.
 */
export async function addDemoCalendars(
  pool: Pool,
  account: SimulatedAccount,
  now = new Date(),
): Promise<number> {
  if ((await listCalendars(pool)).length > 0) return 0;
  const at = new Date(now.getTime() - DEMO_TAGS_FROM_MS);
  const office = weeklyRules(ZONE, WEEKDAYS.slice(0, 6), { from: '09:00', to: '18:00' }, [
    { date: dateBefore(now, 2), name: 'Demo holiday' },
  ]);
  await writeCalendar(pool, officeHoursCalendar(office, at), now);
  let written = 1;
  const team = account.model.teams[1];
  if (team) {
    const extended = weeklyRules(ZONE, WEEKDAYS, { from: '08:00', to: '22:00' }, [
      { date: dateBefore(now, 4), name: `${team.name} offsite` },
    ]);
    const id = team.name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-');
    await writeCalendar(
      pool,
      { id, name: `${team.name} extended hours`, rules: extended, at, assignments: [`team:${team.name}`] },
      now,
    );
    written++;
  }
  log.info({ calendars: written }, 'demo mode: added business calendars');
  return written;
}
