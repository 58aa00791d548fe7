import type { Pool } from 'pg';
import { loadCalendarResolver, type CalendarResolver } from '../calendars/resolver';
import { answeredCallsSql, factsSql } from '../rollups/facts';
import { snapshotTagState } from '../rollups/rollups';
import { Params, rangesSql } from '../querykit/sql';
import { isPseudonym } from '../privacy/number';
import { inTransaction, type Queryable } from '../store/db';
import { drain } from '../store/drain';
import { BusinessClocks } from './businessClock';
import { MISSED_ROW_COLUMNS, missedRowArrays, type MissedCallsSource, type MissedRow } from './missedRow';
import {
  callbackWindows,
  connectionsByCustomer,
  DEFAULT_CALLBACK_SETTINGS,
  matchWindows,
  type CallbackSettings,
  type Connection,
} from './match';

/**
 * The `missed_calls` table (migration 009): one row per missed inbound call with its dimensions, its
 * window end and its callback, computed by match.ts from the raw calls. Writes of calls, Passthru
 * events, tags and ExoPhones mark 15-minute slots in `callback_dirty_slots`; refreshCallbacks()
 * recomputes the rows of marked slots. Readers take the stored rows of clean slots and compute the
 * rows of marked slots on the spot (missedCallsSource), so answers never lag the raw tables.
 */

/** The rollups' slot: 15 minutes, cut in UTC (rollup_slot() in SQL). */
export const SLOT_MS = 15 * 60_000;

export interface CallbackContext {
  resolver: CalendarResolver;
  clocks: BusinessClocks;
  settings: CallbackSettings;
}

export async function readCallbackSettings(db: Queryable): Promise<CallbackSettings> {
  const { rows } = await db.query<{ window_minutes: number; window_minutes_by_team: Record<string, number> }>(
    'SELECT window_minutes, window_minutes_by_team FROM callback_settings',
  );
  const row = rows[0];
  return row
    ? { windowMinutes: row.window_minutes, windowMinutesByTeam: row.window_minutes_by_team }
    : DEFAULT_CALLBACK_SETTINGS;
}

/** The calendars and window settings as the database holds them now (read inside the caller's snapshot). */
export async function loadCallbackContext(db: Queryable): Promise<CallbackContext> {
  return {
    resolver: await loadCalendarResolver(db),
    clocks: new BusinessClocks(),
    settings: await readCallbackSettings(db),
  };
}

/**
 * Stores the configured windows (collector config `callbacks`); a change marks every slot with an
 * inbound call, since every window may move. Returns whether anything changed.
 */
export async function configureCallbacks(pool: Pool, settings: CallbackSettings): Promise<boolean> {
  return inTransaction(pool, async (tx) => {
    const { rows } = await tx.query<{ same: boolean }>(
      `SELECT window_minutes = $1 AND window_minutes_by_team = $2::jsonb AS same FROM callback_settings FOR UPDATE`,
      [settings.windowMinutes, JSON.stringify(settings.windowMinutesByTeam)],
    );
    if (rows[0]?.same) return false;
    await tx.query('UPDATE callback_settings SET window_minutes = $1, window_minutes_by_team = $2::jsonb', [
      settings.windowMinutes,
      JSON.stringify(settings.windowMinutesByTeam),
    ]);
    await markCallbacksSince(tx, null);
    return true;
  });
}

/**
 * Marks every slot with an inbound call created at or after `since` (null: ever), for a change of
 * calendars or windows.
 */
export async function markCallbacksSince(tx: Queryable, since: Date | null): Promise<void> {
  await tx.query(
    `INSERT INTO callback_dirty_slots (slot)
     SELECT DISTINCT rollup_slot(date_created) FROM calls
     WHERE direction = 'inbound' AND ($1::timestamptz IS NULL OR date_created >= $1)
     ON CONFLICT (slot) DO UPDATE SET touched = callback_dirty_slots.touched + 1`,
    [since],
  );
}

/** Consecutive slots as [start, end) ranges (a short OR list keeps index range scans). */
export function slotRanges(slots: readonly number[]): [number, number][] {
  return mergeRanges(slots.map((slot) => [slot, slot + SLOT_MS]));
}

/** [start, end) ranges merged where they touch or overlap, in order. */
export function mergeRanges(spans: readonly [number, number][]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] >= start) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

interface MissedFact {
  sid: string;
  ts: Date;
  caller: string | null;
  tags: Record<string, string>;
  exophone: string | null;
  flow: string | null;
  agent: string | null;
}

/**
 * What missed calls and their callbacks are matched on: each customer's keyed pseudonym (migration
 * 014's reporting.pseudonym, which passes pseudonyms through), for the number in clear and for the
 * pseudonym alike. Retention pseudonymises numbers older than numbersInClearDays, so when an old slot
 * is recomputed its missed call may hold the pseudonym while its callback, a few hours younger, still
 * holds the number: both are looked up and both count as the same customer, as before retention.
 * Returns a map from every value to look up (number and pseudonym) to the customer's pseudonym.
 */
async function customerKeys(db: Queryable, customers: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await db.query<{ number: string; pseudonym: string }>(
    `SELECT n AS number, reporting.pseudonym(n, key) AS pseudonym FROM privacy_key, unnest($1::text[]) n`,
    [customers],
  );
  const keyOf = new Map<string, string>();
  for (const { number, pseudonym } of rows) keyOf.set(number, pseudonym).set(pseudonym, pseudonym);
  return keyOf;
}

/**
 * The connections, still in clear, with customers whose missed calls retention has pseudonymised:
 * when an old slot is recomputed, its missed call is older than numbersInClearDays and its callback
 * may be younger. A pseudonym cannot be turned back into its number, so the calls in those missed
 * calls' windows (`ranges`) are read by time and their numbers pseudonymised to compare: only for
 * recomputed slots holding pseudonymised missed calls, and as many calls as their windows span.
 */
async function connectionsInClear(
  db: Queryable,
  pseudonyms: readonly string[],
  ranges: readonly [number, number][],
): Promise<Connection[]> {
  const params = new Params();
  const wanted = params.add([...new Set(pseudonyms)], '::text[]');
  const within = `(${rangesSql('c.date_created', ranges, params)})`;
  const { rows } = await db.query<{ customer: string; at: Date }>(
    `SELECT reporting.pseudonym(x.customer, k.key) AS customer, x.at
     FROM privacy_key k, (
       SELECT c.to_number AS customer, c.date_created AS at FROM calls c
       WHERE ${within} AND c.direction <> 'inbound' AND c.status = 'completed'
       UNION ALL
       SELECT caller, ts FROM (${answeredCallsSql(`${within} AND c.direction = 'inbound'`)}) a
     ) x
     WHERE x.customer !~ '^c_[0-9a-f]{16}$' AND reporting.pseudonym(x.customer, k.key) = ANY(${wanted})`,
    params.values,
  );
  return rows.map((r) => ({ customer: r.customer, at: r.at.getTime() }));
}

/** The missed calls created in `ranges` with their outcomes, from the raw tables. */
export async function computeMissedRows(
  db: Queryable,
  ranges: readonly [number, number][],
  context: CallbackContext,
  tagState?: string,
): Promise<MissedRow[]> {
  if (ranges.length === 0) return [];
  const params = new Params();
  const where = `(${rangesSql('c.date_created', ranges, params)}) AND c.direction = 'inbound'`;
  const missed = await db.query<MissedFact>(
    `SELECT sid, ts, caller, tags, exophone, flow, agent
     FROM (${factsSql({ where, measures: ['offered', 'answered', 'ivr_only'], period: false, ...(tagState ? { tagState } : {}) })}) f
     WHERE ivr_only = 1 OR (offered = 1 AND answered = 0)`,
    params.values,
  );
  const facts = missed.rows;
  if (facts.length === 0) return [];
  const customers = [...new Set(facts.flatMap((r) => (r.caller ? [r.caller] : [])))];
  const keyOf = await customerKeys(db, customers);
  const calls = facts.map((f) => ({
    at: f.ts.getTime(),
    customer: f.caller === null ? null : keyOf.get(f.caller)!,
    team: f.tags.team ?? null,
    flow: f.flow,
    exophone: f.exophone,
  }));
  const windows = callbackWindows(calls, context);
  let connections: Connection[] = [];
  if (customers.length > 0) {
    // Connections after the first missed call up to the last window's end, which is usually hours
    // or days after the calls (their calendars), not the 31-day cap.
    const first = calls.reduce((a, c) => Math.min(a, c.at), Infinity);
    const last = windows.reduce((a, w) => Math.max(a, w.windowEndsAt), -Infinity);
    const found = await db.query<{ customer: string; at: Date }>(
      `SELECT c.to_number AS customer, c.date_created AS at FROM calls c
       WHERE c.to_number = ANY($1::text[]) AND c.direction <> 'inbound' AND c.status = 'completed'
         AND c.date_created > $2 AND c.date_created <= $3
       UNION ALL
       SELECT caller, ts FROM (${answeredCallsSql(
         `c.from_number = ANY($1::text[]) AND c.direction = 'inbound' AND c.date_created > $2 AND c.date_created <= $3`,
       )}) a`,
      [[...keyOf.keys()], new Date(first), new Date(last)],
    );
    connections = found.rows.map((r) => ({ customer: keyOf.get(r.customer)!, at: r.at.getTime() }));
    const pseudonymised = calls.flatMap((c, i) =>
      c.customer !== null && isPseudonym(facts[i]!.caller!) ? [i] : [],
    );
    if (pseudonymised.length > 0)
      connections.push(
        ...(await connectionsInClear(
          db,
          pseudonymised.map((i) => calls[i]!.customer!),
          mergeRanges(pseudonymised.map((i) => [calls[i]!.at, windows[i]!.windowEndsAt + 1])),
        )),
      );
  }
  const outcomes = matchWindows(calls, windows, connectionsByCustomer(connections));
  return facts.map((f, i) => ({
    sid: f.sid,
    at: f.ts.getTime(),
    customer: f.caller,
    tags: f.tags,
    exophone: f.exophone,
    flow: f.flow,
    agent: f.agent,
    ...outcomes[i]!,
  }));
}

/**
 * Recomputes the missed calls of up to `maxSlots` marked slots in one transaction (its triggers rebuild
 * their missed_call_rollup rows, migration 024); returns how many slots.
 */
async function refreshBatch(pool: Pool, maxSlots: number, signal?: AbortSignal): Promise<number> {
  return inTransaction(
    pool,
    async (tx) => {
      const picked = await tx.query<{ slot: Date }>(
        'SELECT slot FROM callback_dirty_slots ORDER BY slot LIMIT $1 FOR UPDATE SKIP LOCKED',
        [maxSlots],
      );
      if (picked.rows.length === 0) return 0;
      const slots = picked.rows.map((r) => r.slot);
      await tx.query('DELETE FROM callback_dirty_slots WHERE slot = ANY($1::timestamptz[])', [slots]);
      const ranges = slotRanges(slots.map((s) => s.getTime()));
      const rows = await computeMissedRows(
        tx,
        ranges,
        await loadCallbackContext(tx),
        await snapshotTagState(tx),
      );
      const params = new Params();
      await tx.query(
        `DELETE FROM missed_calls WHERE ${rangesSql('missed_at', ranges, params)}`,
        params.values,
      );
      if (rows.length > 0) {
        await tx.query(
          `INSERT INTO missed_calls (${MISSED_ROW_COLUMNS.map(([name]) => name).join(', ')})
         SELECT * FROM unnest(${MISSED_ROW_COLUMNS.map(([, cast], i) => `$${i + 1}::${cast}`).join(', ')})`,
          missedRowArrays(rows),
        );
      }
      return slots.length;
    },
    'BEGIN',
    signal,
  );
}

/**
 * Drains the marks: recomputes the missed calls of marked slots (a week of slots per transaction, on
 * `workers` connections at once: store/drain.ts).
 * Safe to run from several collectors at once; schedule it with the rollup refresh.
 */
export async function refreshCallbacks(
  pool: Pool,
  options: {
    batchSlots?: number;
    workers?: number;
    /** Aborting stops at once: the batches in flight are rolled back and their slots stay marked. */
    signal?: AbortSignal;
  } = {},
): Promise<number> {
  const batchSlots = options.batchSlots ?? 96 * 7;
  return drain(() => refreshBatch(pool, batchSlots, options.signal), options.workers);
}

/**
 * The source for readers of missed calls created in [from, to): the stored rows of clean slots and, computed
 * now from the raw tables, those of marked slots. Call inside the reader's snapshot.
 */
export async function missedCallsSource(db: Queryable, from: number, to: number): Promise<MissedCallsSource> {
  const { rows } = await db.query<{ slot: Date }>(
    'SELECT slot FROM callback_dirty_slots WHERE slot >= $1 AND slot < $2',
    [new Date(from - SLOT_MS), new Date(to)],
  );
  const dirtySlots = rows.map((r) => r.slot.getTime());
  const ranges = slotRanges(dirtySlots)
    .map(([a, b]): [number, number] => [Math.max(a, from), Math.min(b, to)])
    .filter(([a, b]) => a < b);
  // Nothing marked (the usual case): no rows to compute, so no calendars or settings to read either.
  if (ranges.length === 0) return { dirtySlots, fresh: [] };
  return { dirtySlots, fresh: await computeMissedRows(db, ranges, await loadCallbackContext(db)) };
}

/** Every missed call of [from, to) computed from the raw tables, nothing stored (the reference answer). */
export async function rawMissedCallsSource(
  db: Queryable,
  from: number,
  to: number,
): Promise<MissedCallsSource> {
  return {
    dirtySlots: 'all',
    fresh: await computeMissedRows(db, [[from, to]], await loadCallbackContext(db)),
  };
}
