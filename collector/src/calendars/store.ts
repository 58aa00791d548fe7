import type {
  CalendarHoliday,
  CalendarHolidayImportResult,
  CalendarInfo,
  CalendarRules,
} from '@exowatch/contract';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { markCallRanges } from '../rollups/rollups';
import type { Queryable } from '../store/db';
import { auditIn, type AuditOf } from '../audit/log';
import { inTransaction, pgInstant } from '../store/db';
import { CalendarError, checkRules, MAX_HOLIDAYS, sameRules, type CalendarWrite } from './input';
import { isoOrNull, versionIntervals, type VersionSpan } from './versions';

/**
 * Calendars in PostgreSQL (migration 008). A write at instant T replaces the calendar's rules and,
 * when given, its targets from T on (what was in force before T stays in history), re-materialises its
 * periods from T on and marks the rollup slots of every call from T on, all in one transaction.
 * Writes are serialised by one advisory lock: they are rare admin actions.
 */
const CALENDAR_LOCK_KEY = 7_145_011;
const DAY_MS = 86_400_000;
/** calendar_periods reach this far past now when extended … */
const HORIZON_DAYS = 60;
/** … which happens once fewer than this many days are left. */
const HORIZON_MIN_DAYS = 30;

type Instant = Date | number;
const ms = (v: Instant): number => (v instanceof Date ? v.getTime() : v);

async function lock(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK_KEY]);
}

/**
 * Fresh planner statistics for the tables every call's period is looked up in: without them (right
 * after a write, before autovacuum comes by) the planner may scan all of calendar_periods per call
 * instead of probing its index, several times slower on the raw query path. The tables are small.
 */
async function analyze(tx: Queryable): Promise<void> {
  await tx.query('ANALYZE calendar_periods, calendar_slots, calendar_assignments');
}

async function versionsOf(tx: Queryable, ids: readonly string[]): Promise<Map<string, VersionSpan[]>> {
  const { rows } = await tx.query<{
    calendar_id: string;
    rules: CalendarRules;
    valid_from: Instant;
    valid_to: Instant;
  }>(
    `SELECT calendar_id, rules, valid_from, valid_to FROM calendar_versions
     WHERE calendar_id = ANY($1::text[]) ORDER BY calendar_id, valid_from`,
    [ids],
  );
  const out = new Map<string, VersionSpan[]>(ids.map((id) => [id, []]));
  for (const r of rows)
    out.get(r.calendar_id)!.push({ rules: r.rules, validFrom: ms(r.valid_from), validTo: ms(r.valid_to) });
  return out;
}

async function insertPeriods(
  tx: Queryable,
  id: string,
  versions: readonly VersionSpan[],
  from: number,
  to: number,
): Promise<void> {
  const intervals = versionIntervals(versions, from, to);
  if (intervals.length > 0)
    await tx.query(
      `INSERT INTO calendar_periods (calendar_id, start_at, end_at, period)
       SELECT $1, s, e, p FROM unnest($2::timestamptz[], $3::timestamptz[], $4::text[]) AS i(s, e, p)`,
      [
        id,
        intervals.map((i) => new Date(i.start)),
        intervals.map((i) => new Date(i.end)),
        intervals.map((i) => i.period),
      ],
    );
  // The calls' lookup reads the periods by 15-minute slot (migration 028): rewritten with them.
  await tx.query('SELECT write_calendar_slots($1, $2, $3)', [id, pgInstant(from), pgInstant(to)]);
}

/** Rewrites a calendar's periods from `from` up to the horizon (rows before `from` are kept, cut at it). */
async function rewritePeriods(tx: Queryable, id: string, from: number, until: number): Promise<void> {
  await tx.query('DELETE FROM calendar_periods WHERE calendar_id = $1 AND start_at >= $2', [
    id,
    pgInstant(from),
  ]);
  await tx.query(
    'UPDATE calendar_periods SET end_at = $2 WHERE calendar_id = $1 AND start_at < $2 AND end_at > $2',
    [id, pgInstant(from)],
  );
  await insertPeriods(tx, id, (await versionsOf(tx, [id])).get(id)!, from, until);
}

/**
 * Keeps calendar_periods written at least HORIZON_MIN_DAYS past `now` (calls are stamped when they
 * start, so none lies beyond); returns the horizon. Calls already stored in the newly covered time
 * (a clock set ahead) are marked for recompute, so rollups stay exact.
 */
async function ensureHorizon(tx: Queryable, now: Date): Promise<number> {
  const { rows } = await tx.query<{ until: Instant }>('SELECT until FROM calendar_horizon FOR UPDATE');
  const until = ms(rows[0]!.until);
  if (until >= now.getTime() + HORIZON_MIN_DAYS * DAY_MS) return until;
  const target = now.getTime() + HORIZON_DAYS * DAY_MS;
  const ids = (await tx.query<{ id: string }>('SELECT id FROM calendars')).rows.map((r) => r.id);
  const versions = await versionsOf(tx, ids);
  let first = Infinity;
  for (const [id, spans] of versions) {
    await insertPeriods(tx, id, spans, until, target);
    for (const v of spans) first = Math.min(first, v.validFrom);
  }
  await markCallRanges(tx, [[Math.max(until, first), target]]);
  await tx.query('UPDATE calendar_horizon SET until = $1', [new Date(target)]);
  if (ids.length > 0) await analyze(tx);
  return target;
}

/** Extends the calendars' periods when the horizon comes near (from the rollup schedule). */
export async function extendCalendarHorizon(pool: Pool, now = new Date()): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await lock(tx);
    await ensureHorizon(tx, now);
  });
}

export async function listCalendars(db: Queryable): Promise<CalendarInfo[]> {
  // One after the other: `db` may be a single client inside a transaction.
  const calendars = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM calendars ORDER BY id',
  );
  const versions = await db.query<{
    calendar_id: string;
    rules: CalendarRules;
    valid_from: Instant;
    valid_to: Instant;
  }>(
    'SELECT calendar_id, rules, valid_from, valid_to FROM calendar_versions ORDER BY calendar_id, valid_from',
  );
  const assignments = await db.query<{
    calendar_id: string;
    target: string;
    valid_from: Instant;
    valid_to: Instant;
  }>(
    'SELECT calendar_id, target, valid_from, valid_to FROM calendar_assignments ORDER BY calendar_id, valid_from, target',
  );
  const byId = new Map<string, CalendarInfo>(
    calendars.rows.map((c) => [c.id, { id: c.id, name: c.name, versions: [], assignments: [] }]),
  );
  for (const v of versions.rows) {
    byId.get(v.calendar_id)?.versions.push({
      ...v.rules,
      validFrom: isoOrNull(ms(v.valid_from)),
      validTo: isoOrNull(ms(v.valid_to)),
    });
  }
  for (const a of assignments.rows) {
    byId.get(a.calendar_id)?.assignments.push({
      target: a.target,
      validFrom: isoOrNull(ms(a.valid_from)),
      validTo: isoOrNull(ms(a.valid_to)),
    });
  }
  return [...byId.values()];
}

async function calendarInfo(db: Queryable, id: string): Promise<CalendarInfo> {
  const info = (await listCalendars(db)).find((c) => c.id === id);
  if (!info) throw new CalendarError(`no calendar "${id}"`, 404);
  return info;
}

/** Replaces the calendar's versions from `at` on with `rules`; true when that changed anything. */
async function writeVersion(tx: Queryable, id: string, rules: CalendarRules, at: Date): Promise<boolean> {
  const { rows } = await tx.query<{ id: string; rules: CalendarRules; valid_from: Date; valid_to: Instant }>(
    `SELECT id, rules, valid_from, valid_to FROM calendar_versions
     WHERE calendar_id = $1 AND valid_to > $2 ORDER BY valid_from`,
    [id, at],
  );
  const current = rows.find((r) => r.valid_from <= at);
  const later = rows.filter((r) => r.valid_from > at);
  if (later.length > 0)
    await tx.query('DELETE FROM calendar_versions WHERE id = ANY($1::bigint[])', [later.map((r) => r.id)]);
  if (current && sameRules(current.rules, rules)) {
    if (later.length > 0)
      await tx.query(`UPDATE calendar_versions SET valid_to = 'infinity' WHERE id = $1`, [current.id]);
    return later.length > 0;
  }
  if (current && current.valid_from.getTime() === at.getTime()) {
    await tx.query(`UPDATE calendar_versions SET rules = $2, valid_to = 'infinity' WHERE id = $1`, [
      current.id,
      rules,
    ]);
  } else {
    if (current) await tx.query('UPDATE calendar_versions SET valid_to = $2 WHERE id = $1', [current.id, at]);
    await tx.query('INSERT INTO calendar_versions (calendar_id, rules, valid_from) VALUES ($1, $2, $3)', [
      id,
      rules,
      at,
    ]);
  }
  return true;
}

/**
 * Makes `targets` the calendar's assignments from `at` on: its other targets end at `at`, and a target
 * that belonged to another calendar moves to this one at `at`. True when that changed anything.
 */
async function writeAssignments(
  tx: Queryable,
  id: string,
  targets: readonly string[],
  at: Date,
): Promise<boolean> {
  const wanted = new Set(targets);
  const { rows } = await tx.query<{
    id: string;
    calendar_id: string;
    target: string;
    valid_from: Date;
    valid_to: Instant;
  }>(
    `SELECT id, calendar_id, target, valid_from, valid_to FROM calendar_assignments
     WHERE valid_to > $1 AND (calendar_id = $2 OR target = ANY($3::text[])) ORDER BY valid_from`,
    [at, id, targets],
  );
  const kept = new Set<string>();
  const remove: string[] = [];
  const close: string[] = [];
  const reopen: string[] = [];
  for (const r of rows) {
    const ours = r.calendar_id === id && wanted.has(r.target);
    if (ours && r.valid_from <= at) {
      kept.add(r.target);
      if (ms(r.valid_to) !== Infinity) reopen.push(r.id);
    } else if (r.valid_from >= at) remove.push(r.id);
    else close.push(r.id);
  }
  await tx.query('DELETE FROM calendar_assignments WHERE id = ANY($1::bigint[])', [remove]);
  await tx.query('UPDATE calendar_assignments SET valid_to = $2 WHERE id = ANY($1::bigint[])', [close, at]);
  await tx.query(`UPDATE calendar_assignments SET valid_to = 'infinity' WHERE id = ANY($1::bigint[])`, [
    reopen,
  ]);
  const added = targets.filter((t) => !kept.has(t));
  await tx.query(
    `INSERT INTO calendar_assignments (calendar_id, target, valid_from)
     SELECT $1, t, $3 FROM unnest($2::text[]) AS t`,
    [id, added, at],
  );
  return remove.length + close.length + reopen.length + added.length > 0;
}

/** PUT /api/v1/calendars/:id: creates the calendar or writes a new version (and targets) from `write.at`. */
export async function writeCalendar(
  pool: Pool,
  write: CalendarWrite,
  now: Date,
  audit?: AuditOf<{ created: boolean; calendar: CalendarInfo }>,
): Promise<{ created: boolean; calendar: CalendarInfo }> {
  return inTransaction(pool, async (tx) => {
    await lock(tx);
    const until = await ensureHorizon(tx, now);
    const { rows } = await tx.query<{ created: boolean }>(
      `INSERT INTO calendars (id, name) VALUES ($1, $2)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name RETURNING (xmax = 0) AS created`,
      [write.id, write.name],
    );
    const versionChanged = await writeVersion(tx, write.id, write.rules, write.at);
    const assignmentsChanged =
      write.assignments !== undefined && (await writeAssignments(tx, write.id, write.assignments, write.at));
    if (versionChanged) await rewritePeriods(tx, write.id, write.at.getTime(), until);
    if (versionChanged || assignmentsChanged) {
      await markCallRanges(tx, [[write.at.getTime(), Infinity]]);
      await analyze(tx);
    }
    return auditIn(tx, audit, { created: rows[0]!.created, calendar: await calendarInfo(tx, write.id) });
  });
}

/** DELETE /api/v1/calendars/:id: removes the calendar with its history; its calls fall to the next calendar in line. */
export async function deleteCalendar(pool: Pool, id: string, audit?: AuditOf<string>): Promise<void> {
  await inTransaction(pool, async (tx) => {
    await lock(tx);
    const { rows } = await tx.query<{ first: Date | null }>(
      'SELECT min(valid_from) AS first FROM calendar_assignments WHERE calendar_id = $1',
      [id],
    );
    const deleted = await tx.query('DELETE FROM calendars WHERE id = $1', [id]);
    if (deleted.rowCount === 0) throw new CalendarError(`no calendar "${id}"`, 404);
    const first = rows[0]?.first;
    if (first) await markCallRanges(tx, [[first.getTime(), Infinity]]);
    await analyze(tx);
    await auditIn(tx, audit, id);
  });
}

/** A local date of `zone` as [start, end) epoch ms. */
function localDay(date: string, zone: string): [number, number] {
  const start = DateTime.fromISO(date, { zone });
  return [start.toMillis(), start.plus({ days: 1 }).toMillis()];
}

/**
 * Adds holidays to the calendar's current version (the open one) in place, so they count wherever that
 * version applies; dates it already has (or that come earlier in the list) are kept as they are.
 * `audit` gives the audit row, written in the same transaction (so are those of writeCalendar and
 * deleteCalendar).
 */
export async function importHolidays(
  pool: Pool,
  id: string,
  holidays: readonly CalendarHoliday[],
  now: Date,
  audit?: AuditOf<CalendarHolidayImportResult>,
): Promise<CalendarHolidayImportResult> {
  return inTransaction(pool, async (tx) => auditIn(tx, audit, await addHolidays(tx, id, holidays, now)));
}

async function addHolidays(
  tx: Queryable,
  id: string,
  holidays: readonly CalendarHoliday[],
  now: Date,
): Promise<CalendarHolidayImportResult> {
  await lock(tx);
  const { rows } = await tx.query<{ id: string; rules: CalendarRules }>(
    `SELECT id, rules FROM calendar_versions WHERE calendar_id = $1 AND valid_to = 'infinity'`,
    [id],
  );
  const version = rows[0];
  if (!version) throw new CalendarError(`no calendar "${id}"`, 404);
  const dates = new Set(version.rules.holidays.map((h) => h.date));
  const added: CalendarHoliday[] = [];
  for (const holiday of holidays) {
    if (dates.has(holiday.date)) continue;
    dates.add(holiday.date);
    added.push(holiday);
  }
  if (added.length === 0) return { added: 0, holidays: version.rules.holidays };
  if (version.rules.holidays.length + added.length > MAX_HOLIDAYS)
    throw new CalendarError(`a calendar holds at most ${MAX_HOLIDAYS} holidays`);
  const rules = checkRules({ ...version.rules, holidays: [...version.rules.holidays, ...added] });
  const until = await ensureHorizon(tx, now);
  await tx.query('UPDATE calendar_versions SET rules = $2 WHERE id = $1', [version.id, rules]);
  const days = added.map((h) => localDay(h.date, rules.timeZone));
  await rewritePeriods(tx, id, Math.min(...days.map(([start]) => start)), until);
  await markCallRanges(tx, days);
  await analyze(tx);
  return { added: added.length, holidays: rules.holidays };
}
