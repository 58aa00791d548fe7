import { DateTime } from 'luxon';
import type { Pool, PoolClient } from 'pg';
import type { Queryable } from '../store/db';
import { inTransaction, pgInstant } from '../store/db';
import { factsSql, MEASURE_NAMES } from './facts';
import { CALL_ROLLUPS, callRollupTables, MINUTE_RETENTION_HOURS, type CallRollup } from './rollupTables';
import { healthPiecesSql } from './healthPieces';
import { drain } from '../store/drain';
import { Params, rangesSql } from '../querykit/sql';

/**
 * Rollup maintenance. Triggers on calls, passthru_events, exophones and exophone_health_periods (and
 * tag writes) mark what changed; refreshRollups() recomputes the marked buckets from the raw tables.
 * Until then queries compute those buckets from the raw tables, so answers never go stale; refreshing
 * only makes them fast again. Schedule it every minute (and after a sync run).
 */
export async function rollupTimeZone(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ time_zone: string }>('SELECT time_zone FROM rollup_settings');
  return rows[0]?.time_zone ?? 'Asia/Kolkata';
}

/** Sets the business time zone rollup buckets are cut in; a change empties the rollups and marks everything dirty. */
export async function configureRollups(pool: Pool, timeZone: string): Promise<boolean> {
  if (!DateTime.now().setZone(timeZone).isValid) throw new Error(`unknown time zone "${timeZone}"`);
  return inTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ time_zone: string }>(
      'SELECT time_zone FROM rollup_settings FOR UPDATE',
    );
    if (rows[0]?.time_zone === timeZone) return false;
    await tx.query('UPDATE rollup_settings SET time_zone = $1', [timeZone]);
    await tx.query(`TRUNCATE ${callRollupTables().join(', ')}, health_rollup_daily`);
    await tx.query(`UPDATE minute_rollup_state SET since = '-infinity'`);
    await tx.query(`INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls
      ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1`);
    await tx.query(`UPDATE health_rollup_state SET computed_until = '-infinity'`);
    return true;
  });
}

/**
 * Marks the call buckets a tag change on `targets` from `from` on affects (inside the tag write's
 * transaction): an ExoPhone's slots by the skip scan of migration 027, an agent's outbound calls along
 * the time index, the calls Passthru dialled an agent or ran a flow for through their events.
 */
export async function markTagChange(
  tx: Queryable,
  targets: readonly { target: string; from: Date }[],
): Promise<void> {
  if (targets.length === 0) return;
  const params = [targets.map((t) => t.target), targets.map((t) => t.from)];
  await tx.query(
    `WITH changed(target, since) AS (SELECT * FROM unnest($1::text[], $2::timestamptz[])),
     hit (slot) AS (
       SELECT s.slot FROM changed ch CROSS JOIN LATERAL calls_exophone_slots(ch.target, ch.since) s(slot)
       UNION ALL
       SELECT rollup_slot(c.date_created) FROM changed ch
         JOIN calls c ON c.from_number = ch.target AND c.direction <> 'inbound' AND c.date_created >= ch.since
       UNION ALL
       SELECT rollup_slot(c.date_created) FROM changed ch
         JOIN passthru_events pe ON pe.dial_whom_number = ch.target OR 'flow:' || pe.flow_id = ch.target
         JOIN calls c ON c.sid = pe.call_sid AND c.date_created >= ch.since)
     INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT slot FROM hit
     ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1`,
    params,
  );
  const numbers = targets.filter((t) => !t.target.startsWith('flow:'));
  if (numbers.length > 0) {
    const since = new Date(Math.min(...numbers.map((t) => t.from.getTime())));
    await tx.query(`INSERT INTO health_dirty_ranges (range_from, range_to) VALUES ($1, 'infinity')`, [since]);
  }
}

/**
 * Marks the slots of every call that started in one of `ranges` ([start, end) epoch ms, end may be
 * Infinity): a calendar change re-dates the period of the calls in its time (inside its transaction).
 */
export async function markCallRanges(tx: Queryable, ranges: readonly [number, number][]): Promise<void> {
  const kept = ranges.filter(([start, end]) => start < end);
  if (kept.length === 0) return;
  await tx.query(
    `INSERT INTO rollup_dirty_slots (slot)
     SELECT DISTINCT rollup_slot(c.date_created)
     FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(s, e)
     JOIN calls c ON c.date_created >= r.s AND c.date_created < r.e
     ON CONFLICT (slot) DO UPDATE SET touched = rollup_dirty_slots.touched + 1`,
    [kept.map(([start]) => pgInstant(start)), kept.map(([, end]) => pgInstant(end))],
  );
}

/** A copy of tag_state for this transaction, indexed: many lookups against the view would each evaluate it. */
export async function snapshotTagState(tx: PoolClient): Promise<string> {
  await tx.query('CREATE TEMP TABLE rollup_tag_state ON COMMIT DROP AS SELECT * FROM tag_state');
  await tx.query('CREATE INDEX ON rollup_tag_state (target, valid_from)');
  await tx.query('ANALYZE rollup_tag_state');
  return 'rollup_tag_state';
}

const HOUR_MS = 3_600_000;

/**
 * The order rollup rows are written in: by bucket, then tag set, so that a tag filter reads a few heap
 * pages per bucket instead of nearly every page of the range. Tag sets are ordered by their text in
 * the C collation: equal jsonb values print alike, so rows cluster as they would ordered by the jsonb
 * itself, without jsonb's comparison, which was most of a regrouping's time.
 */
const clustered = (bucket: string) => `ORDER BY ${bucket}, tags::text COLLATE "C"`;

/** Recomputes the call buckets of up to `maxSlots` dirty slots; returns how many hours were recomputed. */
async function refreshCallBatch(pool: Pool, maxSlots: number, signal?: AbortSignal): Promise<number> {
  return inTransaction(
    pool,
    async (tx) => {
      const zone = await rollupTimeZone(tx);
      const picked = await tx.query<{ slot: Date }>(
        'SELECT slot FROM rollup_dirty_slots ORDER BY slot LIMIT $1 FOR UPDATE SKIP LOCKED',
        [maxSlots],
      );
      if (picked.rows.length === 0) return 0;
      // Two refreshes (replicas, or a long run still going when the next minute's starts) must not
      // share a day: each rewrites the daily rows of its days whole, and two rewrites of one day
      // would leave both sets of rows. A day another refresh holds is left to it: try-locks never
      // wait, so refreshes never deadlock each other.
      const startOf = (ms: number, unit: 'hour' | 'day') =>
        DateTime.fromMillis(ms, { zone }).startOf(unit).toMillis();
      const slots = picked.rows.map((r) => r.slot.getTime());
      const pickedDays = [...new Set(slots.map((s) => startOf(s, 'day')))].sort((a, b) => a - b);
      const owned = await tx.query<{ day: Date }>(
        `SELECT d AS day FROM unnest($1::timestamptz[]) d
         WHERE pg_try_advisory_xact_lock(hashtext('exowatch:rollup-day'), (extract(epoch FROM d) / 60)::int)`,
        [pickedDays.map((d) => new Date(d))],
      );
      const ownedDays = new Set(owned.rows.map((r) => r.day.getTime()));
      const hours = [...new Set(slots.map((s) => startOf(s, 'hour')))]
        .filter((h) => ownedDays.has(startOf(h, 'day')))
        .sort((a, b) => a - b);
      if (hours.length === 0) return 0;
      // Adjacent hours as one range: a short OR list keeps the planner on plain index range scans.
      const ranges: [number, number][] = [];
      for (const h of hours) {
        const last = ranges[ranges.length - 1];
        if (last && last[1] === h) last[1] = h + HOUR_MS;
        else ranges.push([h, h + HOUR_MS]);
      }
      const hourDates = hours.map((h) => new Date(h));
      // Every dirty slot inside those hours is covered by this recompute and cleared, except the slots
      // a writer is marking right now: waiting for it could close a cycle (the writer may next want a
      // slot this batch holds), so they stay marked and their hour is recomputed again next time.
      // The facts below are read by later statements, so they see every writer committed by now.
      await tx.query(
        `DELETE FROM rollup_dirty_slots WHERE slot IN (
         SELECT slot FROM rollup_dirty_slots d JOIN unnest($1::timestamptz[]) h(s) ON d.slot >= h.s AND d.slot < h.s + interval '1 hour'
         FOR UPDATE OF d SKIP LOCKED)`,
        [hourDates],
      );
      // The facts of a batch (up to four weeks of calls) are grouped down to agent level, nearly a row
      // per call: with the server's default work_mem (4 MB) that grouping spills gigabytes to disk.
      await tx.query(`SET LOCAL work_mem = '256MB'`);
      const tagState = await snapshotTagState(tx);
      const params = new Params();
      const zoneParam = params.add(zone, '::text');
      const where = rangesSql('c.date_created', ranges, params);
      const sums = MEASURE_NAMES.map((m) => `SUM(${m}) AS ${m}`).join(', ');
      const measures = MEASURE_NAMES.join(', ');
      // The facts once, summed per (minute for the hours minute rollups keep, else hour) and every
      // dimension; each rollup table is then a regrouping of this one. Its sums are kept as integers:
      // SUM of an integer is a bigint, and SUM of a bigint is computed in numeric, which made the
      // regroupings several times slower and spilled their hash tables to disk. A row holds one hour
      // of one agent, ExoPhone and flow at most: even its talk seconds stay far below 2^31. The tag set
      // is grouped last: grouping by sorting then compares the columns that mostly decide it first.
      const factSums = MEASURE_NAMES.map((m) => `SUM(${m})::int AS ${m}`).join(', ');
      await tx.query(
        `CREATE TEMP TABLE rollup_facts ON COMMIT DROP AS
       SELECT t, date_trunc('hour', t, ${zoneParam}) AS hour, tags, exophone, flow, agent, direction, period, ${factSums}
       FROM (SELECT CASE WHEN f.ts >= (SELECT since FROM minute_rollup_state) THEN date_trunc('minute', f.ts)
                         ELSE date_trunc('hour', f.ts, ${zoneParam}) END AS t, f.*
             FROM (${factsSql({ where, tagState })}) f) x
       GROUP BY t, agent, exophone, flow, direction, period, tags`,
        params.values,
      );
      const days = [...new Set(hours.map((h) => startOf(h, 'day')))];
      const dayDates = days.map((d) => new Date(d));
      for (const rollup of Object.values(CALL_ROLLUPS) as CallRollup[]) {
        const dims = rollup.dims.join(', ');
        const isMinute = rollup === CALL_ROLLUPS.minute;
        await tx.query(
          `DELETE FROM ${rollup.hourly} WHERE ${isMinute ? 'hour' : 'bucket'} = ANY($1::timestamptz[])`,
          [hourDates],
        );
        await tx.query(
          isMinute
            ? `INSERT INTO ${rollup.hourly} (bucket, hour, ${dims}, ${measures})
             SELECT t, hour, ${dims}, ${sums} FROM rollup_facts
             WHERE hour >= (SELECT since FROM minute_rollup_state) GROUP BY t, hour, ${dims} ${clustered('t')}`
            : `INSERT INTO ${rollup.hourly} (bucket, ${dims}, ${measures})
             SELECT hour, ${dims}, ${sums} FROM rollup_facts GROUP BY hour, ${dims} ${clustered('hour')}`,
        );
        if (!rollup.daily) continue;
        const hourlyDims = rollup.dims.map((d) => `h.${d}`).join(', ');
        await tx.query(`DELETE FROM ${rollup.daily} WHERE bucket = ANY($1::timestamptz[])`, [dayDates]);
        // One index range over the batch's days (a local day spans up to 25 hours): joined to the
        // list of days, the planner hashed a scan of the whole hourly table for every batch.
        await tx.query(
          `INSERT INTO ${rollup.daily} (bucket, ${dims}, ${measures})
         SELECT date_trunc('day', h.bucket, $2::text) AS day, ${hourlyDims}, ${sums}
         FROM ${rollup.hourly} h
         WHERE h.bucket >= $3::timestamptz AND h.bucket < $4::timestamptz + interval '26 hours'
           AND date_trunc('day', h.bucket, $2::text) = ANY($1::timestamptz[])
         GROUP BY 1, ${rollup.dims.map((_, i) => i + 2).join(', ')}
         ${clustered('day')}`,
          [dayDates, zone, dayDates[0], dayDates[dayDates.length - 1]],
        );
      }
      return hours.length;
    },
    'BEGIN',
    signal,
  );
}

/** Local days (ms) overlapping [from, to). */
function daysBetween(from: number, to: number, zone: string): number[] {
  const days: number[] = [];
  for (let d = DateTime.fromMillis(from, { zone }).startOf('day'); d.toMillis() < to; d = d.plus({ days: 1 }))
    days.push(d.toMillis());
  return days;
}

/** Recomputes the health days that changed and the days that ended since the last run. */
export async function refreshHealthRollups(pool: Pool, now: Date = new Date()): Promise<number> {
  return inTransaction(pool, async (tx) => {
    const zone = await rollupTimeZone(tx);
    const state = await tx.query<{ computed_until: Date | number }>(
      'SELECT computed_until FROM health_rollup_state FOR UPDATE',
    );
    const first = await tx.query<{ first: Date | null }>(
      'SELECT min(started_at) AS first FROM exophone_health_periods',
    );
    const dirty = await tx.query<{ id: string; range_from: Date | number; range_to: Date | number }>(
      'SELECT id, range_from, range_to FROM health_dirty_ranges',
    );
    const firstMs = first.rows[0]?.first?.getTime();
    const until = DateTime.fromJSDate(now, { zone }).startOf('day').toMillis();
    const previous = state.rows[0]?.computed_until;
    const previousMs = previous instanceof Date ? previous.getTime() : -Infinity;
    const days = new Set<number>();
    if (firstMs !== undefined) {
      const clip = (ms: number) => Math.min(Math.max(ms, firstMs), until);
      for (const d of daysBetween(clip(previousMs), until, zone)) days.add(d);
      for (const r of dirty.rows) {
        const a = r.range_from instanceof Date ? r.range_from.getTime() : -Infinity;
        const b = r.range_to instanceof Date ? r.range_to.getTime() : Infinity;
        for (const d of daysBetween(clip(a), clip(b), zone)) days.add(d);
      }
    }
    const list = [...days].sort((a, b) => a - b);
    if (list.length > 0) {
      const tagState = await snapshotTagState(tx);
      const starts = list.map((d) => new Date(d));
      const ends = list.map((d) => DateTime.fromMillis(d, { zone }).plus({ days: 1 }).toJSDate());
      await tx.query('DELETE FROM health_rollup_daily WHERE bucket = ANY($1::timestamptz[])', [starts]);
      await tx.query(
        `INSERT INTO health_rollup_daily (bucket, tags, exophone, exophone_sid, direction, healthy_s, affected_s, unknown_s)
         SELECT ts, tags, exophone, exophone_sid, direction, SUM(healthy_s), SUM(affected_s), SUM(unknown_s)
         FROM (${healthPiecesSql('$1::timestamptz[]', '$2::timestamptz[]', '$3::timestamptz', tagState)}) x
         GROUP BY 1, 2, 3, 4, 5`,
        [starts, ends, now],
      );
    }
    await tx.query('DELETE FROM health_dirty_ranges WHERE id = ANY($1::bigint[])', [
      dirty.rows.map((r) => r.id),
    ]);
    await tx.query('UPDATE health_rollup_state SET computed_until = $1', [new Date(until)]);
    return list.length;
  });
}

/** Moves the minute rollups' start forward to the retention (never back) and drops the rows before it. */
async function pruneMinuteRollups(pool: Pool, now: Date, retentionHours: number): Promise<void> {
  await inTransaction(pool, async (tx) => {
    const zone = await rollupTimeZone(tx);
    const cutoff = DateTime.fromJSDate(now, { zone })
      .minus({ hours: retentionHours })
      .startOf('hour')
      .toJSDate();
    await tx.query('UPDATE minute_rollup_state SET since = greatest(since, $1::timestamptz)', [cutoff]);
    await tx.query('DELETE FROM call_rollup_minute WHERE hour < (SELECT since FROM minute_rollup_state)');
  });
}

export interface RefreshResult {
  hours: number;
  healthDays: number;
}

/**
 * Drains the dirty queues: recomputes dirty call hours (in batches of `batchSlots` slots, one
 * transaction each, on `workers` connections at once: store/drain.ts) and the health days. Safe to
 * run from several collectors at once.
 */
export async function refreshRollups(
  pool: Pool,
  options: {
    batchSlots?: number;
    workers?: number;
    now?: Date;
    minuteRetentionHours?: number;
    /** Aborting stops at once: the batches in flight are rolled back and their slots stay dirty. */
    signal?: AbortSignal;
  } = {},
): Promise<RefreshResult> {
  const batchSlots = options.batchSlots ?? 96 * 4 * 7;
  await pruneMinuteRollups(
    pool,
    options.now ?? new Date(),
    options.minuteRetentionHours ?? MINUTE_RETENTION_HOURS,
  );
  const hours = await drain(() => refreshCallBatch(pool, batchSlots, options.signal), options.workers);
  options.signal?.throwIfAborted();
  const healthDays = await refreshHealthRollups(pool, options.now);
  return { hours, healthDays };
}
