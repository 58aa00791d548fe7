/**
 * The 90 days of calls bench:query and bench:load run on (50 ExoPhones in 5 regions, 500 agents in 20
 * teams, Passthru events, ExoPhone health periods, agents moving team mid-range), generated inside the
 * database, and the steps that bring it to what a collector would hold: rollups and missed calls built,
 * statistics taken. Both benches import it, so they measure the same data.
 */
import { DateTime } from 'luxon';
import type { Pool, PoolClient } from 'pg';
import { WINDOW_CAP_MS } from '../src/callbacks/match';
import { markCallbacksSince, refreshCallbacks } from '../src/callbacks/missedCalls';
import { WEEKDAYS } from '../src/calendars/calendar';
import { officeHoursCalendar, weeklyRules } from '../src/calendars/input';
import { writeCalendar } from '../src/calendars/store';
import { refreshRollups } from '../src/rollups/rollups';
import { migrate } from '../src/store/migrate';
import { indexDefinitions } from './indexes';
import { assertFillsLikeSync, syncedCallTemplate } from './storage';
import { exotelRecordingUrl, storedRecordingUrl } from '../src/normalise/recordingUrl';
import { storedPhoneNumberSid } from '../src/normalise/sentNumber';

export const ZONE = 'Asia/Kolkata';
export const CALLS = Number(process.env.BENCH_CALLS ?? 10_000_000);
export const DAYS = 90;
/** Data ends at this local midnight; "now" for the queries. */
export const END = DateTime.fromISO('2026-11-01T00:00:00', { zone: ZONE });
export const START = END.minus({ days: DAYS });
/** The bench's calls are stored as the sync stores a settled call (bench/storage.ts). */
const SYNCED = syncedCallTemplate();
const SYNCED_COLUMNS = [
  'sid',
  'date_created',
  'date_updated',
  'account_sid',
  'phone_number',
  'phone_number_sid_sent',
  'from_number',
  'to_number',
  'status',
  'start_time',
  'end_time',
  'duration',
  'price',
  'direction',
  'conversation_duration',
  'leg1_status',
  'leg2_status',
  'recording_url_sent',
  'leg_durations',
  'payload_rest',
  'payload_absent',
];
assertFillsLikeSync(SYNCED_COLUMNS, SYNCED);
/** What the sync stores for a call's link to its own recording (Exotel's form, rebuilt from the Sid). */
const OWN_RECORDING = storedRecordingUrl(exotelRecordingUrl('bench', 'sid'), 'bench', 'sid');
/** What the sync stores for a PhoneNumberSid that is the ExoPhone's text (its trunk form here). */
const EXOPHONE_SID = storedPhoneNumberSid('08040000001', '08040000001');

/**
 * The schema and the default calendar, before any call: every call's period is looked up by the rollup
 * build. No holidays: bench:query's raw expected-traffic reference leaves none out.
 */
export async function prepareDatabase(pool: Pool): Promise<void> {
  await migrate(pool);
  const officeHours = weeklyRules(ZONE, WEEKDAYS.slice(0, 6), { from: '09:00', to: '19:00' });
  await writeCalendar(pool, officeHoursCalendar(officeHours, START.toJSDate()), END.toJSDate());
}

/** The ExoPhones, their teams and regions, agents' teams (40 move team mid-range) and ExoPhone health. */
async function generateSetting(client: PoolClient): Promise<void> {
  const start = START.toUTC().toISO();
  await client.query(
    `INSERT INTO exophones (account_sid, sid, phone_number, region, friendly_name, raw)
     SELECT 'bench', 'XP' || i, '+9180400000' || lpad(i::text, 2, '0'),
            (ARRAY['KA','MH','DL','TN','WB'])[i % 5 + 1], 'ExoPhone ' || i, '{}'
     FROM generate_series(0, 49) i`,
  );
  // Teams: ExoPhone i serves team i % 20; agent j (0..499) is in team j % 20. 40 agents move team
  // on day 60 at 11:37 local time (tag changes inside an hour bucket).
  const move = START.plus({ days: 60, hours: 11, minutes: 37 }).toUTC().toISO();
  await client.query(
    `INSERT INTO tags (target, key, value, valid_from, valid_to)
     SELECT '+9180400000' || lpad(i::text, 2, '0'), 'team', 'Team ' || (i % 20), '-infinity'::timestamptz, 'infinity'::timestamptz FROM generate_series(0, 49) i
     UNION ALL
     SELECT '+919800' || lpad(j::text, 6, '0'), 'team', 'Team ' || (j % 20), '-infinity',
            CASE WHEN j % 25 = 3 AND j < 500 THEN $1::timestamptz ELSE 'infinity' END FROM generate_series(0, 499) j
     UNION ALL
     SELECT '+919800' || lpad(j::text, 6, '0'), 'team', 'Team ' || ((j + 7) % 20), $1::timestamptz, 'infinity'
     FROM generate_series(0, 499) j WHERE j % 25 = 3`,
    [move],
  );
  // ExoPhone health: per number and direction, periods of ~1 h: 90 % healthy, 6 % affected, 4 % unknown.
  await client.query(
    `INSERT INTO exophone_health_periods (account_sid, exophone_sid, direction, state, phone_number, started_at, ended_at)
     SELECT 'bench', 'XP' || i, d, CASE WHEN r < 0.9 THEN 'healthy' WHEN r < 0.96 THEN 'affected' ELSE 'unknown' END,
            '+9180400000' || lpad(i::text, 2, '0'), s, lead(s) OVER (PARTITION BY i, d ORDER BY s)
     FROM (SELECT i, d, random() AS r,
                  $1::timestamptz + make_interval(secs => k * 3600 + floor(random() * 1800)) AS s
           FROM generate_series(0, 49) i, unnest(ARRAY['incoming', 'outgoing']) d, generate_series(0, ${DAYS} * 24 - 1) k) p`,
    [start],
  );
  await client.query(`DELETE FROM exophone_health_periods WHERE ended_at IS NULL`);
  await client.query(
    `INSERT INTO health_dirty_ranges (range_from, range_to) VALUES ('-infinity', 'infinity')`,
  );
}

/**
 * Calls numbered [first, last] spread over the 90 days, with a Passthru event for every inbound call
 * that reached an agent (the flow of the ExoPhone and the agent), written in time order as the sync
 * and a month-by-month backfill write them (a random order scatters each day's calls over the whole
 * table and times every per-day read against that instead). Loading history in bulk: the rollup
 * triggers are skipped (every slot is marked dirty once at the end) and the indexes of calls and
 * passthru_events are rebuilt after the load instead of maintained row by row. The calls are
 * generated as two halves on two connections at once (the machine's two cores; each half in time
 * order, seeded apart).
 */
export async function generateCalls(
  pool: Pool,
  first: number,
  last: number,
  withSetting: boolean,
): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    if (withSetting) {
      await client.query(`SELECT setseed(0.42)`);
      await generateSetting(client);
    }
    const indexes = await indexDefinitions(client, ['calls', 'passthru_events']);
    for (const statement of indexes.drop) await client.query(statement);
    const middle = Math.floor((first + last) / 2);
    await Promise.all([
      insertCalls(pool, first, middle, withSetting ? 0.42 : 0.24),
      insertCalls(pool, middle + 1, last, withSetting ? 0.43 : 0.25),
    ]);
    for (const statement of indexes.create) await client.query(statement);
    await client.query(
      `INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls ON CONFLICT DO NOTHING`,
    );
  } finally {
    // Whatever happened, the pooled connection goes back with its triggers firing (a refresh may get it).
    await client.query(`RESET session_replication_role`).finally(() => client.release());
  }
}

/**
 * Calls numbered [first, last] and their Passthru events, in one statement on a connection of its own
 * (`seed` makes its random draws repeatable).
 */
async function insertCalls(pool: Pool, first: number, last: number, seed: number): Promise<void> {
  const client = await pool.connect();
  try {
    // SET LOCAL: the connection goes back to the pool, where a refresh must find its triggers firing.
    await client.query(`BEGIN`);
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`SELECT setseed($1)`, [seed]);
    // Calls: 62 % inbound (12 % of them IVR-only), the rest outbound-api / outbound-dial; busier by day.
    await client.query(
      `WITH inserted AS (
       INSERT INTO calls (${SYNCED_COLUMNS.join(', ')})
       SELECT sid, ts, ts + make_interval(secs => lead + ring + talk + 60), 'bench', xp,
              $7::text, from_number, to_number,
              status, ts, ts + make_interval(secs => lead + ring + talk), lead + ring + talk,
              round((lead + ring + talk) / 60 + 1) * 0.5, direction, conversation_duration, 'completed', leg2_status,
              CASE WHEN conversation_duration > 0 THEN $6::text END,
              CASE WHEN leg2_status IS NULL THEN ARRAY[lead + ring + talk]
                   ELSE ARRAY[lead + ring + talk, conversation_duration] END,
              $4::jsonb, $5::int
       FROM (
       SELECT md5(g::text) AS sid, ts, xp, lead, ring, talk, CASE WHEN inbound THEN customer ELSE agent END AS from_number,
              CASE WHEN inbound THEN xp ELSE customer END AS to_number,
              CASE WHEN ivr THEN 'completed' ELSE outcome END AS status,
              CASE WHEN inbound THEN 'inbound' WHEN r1 < 0.85 THEN 'outbound-api' ELSE 'outbound-dial' END AS direction,
              CASE WHEN ivr THEN 0 ELSE talk END AS conversation_duration,
              CASE WHEN ivr THEN NULL ELSE outcome END AS leg2_status
       FROM (
         SELECT g, ts, inbound, ivr, r1, xp, customer, agent, outcome,
                (4 + floor(random() * 36))::int AS lead,
                (CASE WHEN outcome = 'completed' THEN 3 + floor(random() * 22) ELSE floor(random() * 30) END)::int AS ring,
                (CASE WHEN outcome = 'completed' THEN 5 + floor(-ln(1 - random()) * 170) ELSE 0 END)::int AS talk
         FROM (
           SELECT g, ts, r1, r1 < 0.62 AS inbound, r1 < 0.62 AND random() < 0.12 AS ivr, xi,
                  '+9180400000' || lpad(xi::text, 2, '0') AS xp,
                  -- Customers come back within hours (a pool of 20,000 numbers per 4 hours, moving
                  -- through 3,000,000): missed calls get called back, or call again and are answered.
                  '+9170' || lpad(((floor(extract(epoch FROM ts) / 14400)::bigint * 20000
                                    + floor(random() * 20000)::bigint) % 3000000)::text, 8, '0') AS customer,
                  '+919800' || lpad(((xi % 20) + 20 * floor(random() * 25))::int::text, 6, '0') AS agent,
                  (CASE WHEN random() < 0.72 THEN 'completed' WHEN random() < 0.6 THEN 'no-answer'
                        WHEN random() < 0.5 THEN 'busy' ELSE 'failed' END) AS outcome
           FROM (
             SELECT g, random() AS r1, floor(random() * 50)::int AS xi,
                    $1::timestamptz + make_interval(secs => floor(
                      (floor(random() * ${DAYS}) * 86400) + 3600 * 7 + (random() + random() + random()) / 3 * 16 * 3600)) AS ts
             FROM generate_series($2::int, $3::int) g) a) b) c) d
       ORDER BY ts
       RETURNING sid, phone_number, direction, leg2_status, date_created)
       INSERT INTO passthru_events (event_key, account_sid, call_sid, flow_id, dial_whom_number, direction, call_type,
                                    dial_call_status, params, received_at, exotel_current_time)
       SELECT 'pt-' || sid, 'bench', sid, (100000 + right(phone_number, 2)::int)::text,
              '+919800' || lpad(((right(phone_number, 2)::int % 20) + 20 * (get_byte(decode(sid, 'hex'), 0) % 25))::text, 6, '0'),
              'incoming', CASE WHEN leg2_status = 'completed' THEN 'completed' ELSE 'incomplete' END, leg2_status, '{}',
              date_created, date_created
       FROM inserted WHERE direction = 'inbound' AND leg2_status IS NOT NULL`,
      [
        START.toUTC().toISO(),
        first,
        last,
        JSON.stringify(SYNCED.rest),
        SYNCED.absent,
        OWN_RECORDING,
        EXOPHONE_SID,
      ],
    );
    await client.query(`COMMIT`);
  } finally {
    client.release();
  }
}

export interface LoadTimes {
  generationMs: number;
  refreshMs: number;
  vacuumMs: number;
  built: Awaited<ReturnType<typeof refreshRollups>>;
}

/**
 * Loads calls [first, last] and brings the rollups up to date. Like any bulk load it ends with VACUUM
 * ANALYZE (statistics, visibility map, GIN pending lists), so the queries run on a settled database,
 * not against autovacuum catching up on 10 M new rows.
 */
export async function loadCalls(pool: Pool, first: number, last: number): Promise<LoadTimes> {
  const t0 = performance.now();
  await generateCalls(pool, first, last, first === 1);
  await pool.query('VACUUM (ANALYZE) calls, passthru_events');
  const t1 = performance.now();
  const built = await refreshRollups(pool, { now: END.toJSDate() });
  const t2 = performance.now();
  await pool.query('VACUUM (ANALYZE)');
  return { generationMs: t1 - t0, refreshMs: t2 - t1, vacuumMs: performance.now() - t2, built };
}

/**
 * The bulk load skips the triggers that mark callback slots, so the missed calls the Callbacks
 * queries read are built here: those of the last 7 days and of the 31 days before (a call missed then
 * may still wait during the week), as the collector builds them after a backfill.
 */
export async function buildMissedCalls(pool: Pool): Promise<{ ms: number; slots: number; stored: number }> {
  const t0 = performance.now();
  await markCallbacksSince(pool, new Date(END.minus({ days: 7 }).toMillis() - WINDOW_CAP_MS));
  const slots = await refreshCallbacks(pool);
  await pool.query('VACUUM (ANALYZE) missed_calls');
  const ms = performance.now() - t0;
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM missed_calls');
  return { ms, slots, stored: rows[0]!.n };
}
