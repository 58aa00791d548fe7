import type { Pool, PoolClient } from 'pg';
import {
  deriveHealth,
  planHeartbeat,
  planSilence,
  type Direction,
  type HealthPlan,
  type HealthState,
  type KnownExoPhone,
  type OpenPeriod,
} from './health';
import { parseHeartbeat, type HeartbeatEvent } from './heartbeat';
import { inTransaction } from '../store/db';

/** Serialises health changes of one account across transactions and collector replicas. */
async function lockAccount(client: PoolClient, accountSid: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('exowatch:exophone-health'), hashtext($1))", [
    accountSid,
  ]);
}

async function lastHeartbeatAt(client: PoolClient, accountSid: string): Promise<Date | null> {
  const { rows } = await client.query(
    'SELECT last_heartbeat_at FROM heartbeat_state WHERE account_sid = $1',
    [accountSid],
  );
  return (rows[0]?.last_heartbeat_at as Date | undefined) ?? null;
}

async function openPeriods(client: PoolClient, accountSid: string): Promise<OpenPeriod[]> {
  const { rows } = await client.query(
    `SELECT exophone_sid, direction, state, phone_number, alternate_exophone, started_at, last_seen_at
     FROM exophone_health_periods WHERE account_sid = $1 AND ended_at IS NULL`,
    [accountSid],
  );
  return rows.map((row) => ({
    sid: row.exophone_sid,
    direction: row.direction,
    state: row.state,
    phoneNumber: row.phone_number,
    alternateExophone: row.alternate_exophone,
    startedAt: row.started_at,
    lastSeenAt: row.last_seen_at,
  }));
}

/** The ExoPhone list plus every ExoPhone that already has a health history. */
async function knownExoPhones(
  client: PoolClient,
  accountSid: string,
  open: readonly OpenPeriod[],
): Promise<KnownExoPhone[]> {
  const { rows } = await client.query('SELECT sid, phone_number FROM exophones WHERE account_sid = $1', [
    accountSid,
  ]);
  const known = new Map<string, KnownExoPhone>(
    rows.map((row) => [row.sid, { sid: row.sid, phoneNumber: row.phone_number }]),
  );
  for (const period of open) {
    if (!known.has(period.sid)) known.set(period.sid, { sid: period.sid, phoneNumber: period.phoneNumber });
  }
  return [...known.values()];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

async function applyPlan(client: PoolClient, accountSid: string, plan: HealthPlan): Promise<void> {
  const refs = (items: { sid: string; direction: Direction; startedAt: Date }[]) => [
    items.map((i) => i.sid),
    items.map((i) => i.direction),
    items.map((i) => i.startedAt.toISOString()),
  ];
  const target = `p.account_sid = $1 AND p.exophone_sid = u.sid AND p.direction = u.direction AND p.started_at = u.started_at`;
  if (plan.close.length > 0) {
    await client.query(
      `UPDATE exophone_health_periods p SET ended_at = u.ended_at
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS u(sid, direction, started_at, ended_at)
       WHERE ${target}`,
      [accountSid, ...refs(plan.close), plan.close.map((c) => c.endedAt.toISOString())],
    );
  }
  if (plan.restate.length > 0) {
    await client.query(
      `UPDATE exophone_health_periods p SET state = u.state, last_seen_at = u.last_seen_at,
         phone_number = coalesce(u.phone_number, p.phone_number), alternate_exophone = u.alternate_exophone
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[], $7::text[], $8::text[])
         AS u(sid, direction, started_at, state, last_seen_at, phone_number, alternate_exophone)
       WHERE ${target}`,
      [
        accountSid,
        ...refs(plan.restate),
        plan.restate.map((r) => r.state),
        plan.restate.map((r) => r.lastSeenAt.toISOString()),
        plan.restate.map((r) => r.phoneNumber),
        plan.restate.map((r) => r.alternateExophone),
      ],
    );
  }
  if (plan.extend.length > 0) {
    await client.query(
      `UPDATE exophone_health_periods p SET last_seen_at = u.last_seen_at,
         phone_number = coalesce(u.phone_number, p.phone_number), alternate_exophone = u.alternate_exophone
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[])
         AS u(sid, direction, started_at, last_seen_at, phone_number, alternate_exophone)
       WHERE ${target}`,
      [
        accountSid,
        ...refs(plan.extend),
        plan.extend.map((e) => e.lastSeenAt.toISOString()),
        plan.extend.map((e) => e.phoneNumber),
        plan.extend.map((e) => e.alternateExophone),
      ],
    );
  }
  if (plan.insert.length > 0) {
    await client.query(
      `INSERT INTO exophone_health_periods (account_sid, exophone_sid, direction, state, phone_number, alternate_exophone,
         started_at, ended_at, last_seen_at)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])`,
      [
        accountSid,
        plan.insert.map((i) => i.sid),
        plan.insert.map((i) => i.direction),
        plan.insert.map((i) => i.state),
        plan.insert.map((i) => i.phoneNumber),
        plan.insert.map((i) => i.alternateExophone),
        plan.insert.map((i) => i.startedAt.toISOString()),
        plan.insert.map((i) => iso(i.endedAt)),
        plan.insert.map((i) => iso(i.lastSeenAt)),
      ],
    );
  }
}

/**
 * Folds one heartbeat, observed at `at`, into the health history inside the caller's transaction.
 * Heartbeats older than the last one applied (a late replay) change nothing; returns whether it
 * was applied. `onlyExoPhones` limits it to those ExoPhones (a details read that reached only some:
 * the others keep their state instead of being read as healthy).
 */
export async function applyHeartbeat(
  client: PoolClient,
  accountSid: string,
  heartbeat: HeartbeatEvent,
  at: Date,
  intervalMs: number,
  onlyExoPhones?: ReadonlySet<string>,
): Promise<boolean> {
  await lockAccount(client, accountSid);
  const last = await lastHeartbeatAt(client, accountSid);
  if (last && at.getTime() <= last.getTime()) return false;
  const open = await openPeriods(client, accountSid);
  const known = await knownExoPhones(client, accountSid, open);
  const states = deriveHealth(
    heartbeat,
    onlyExoPhones ? known.filter((k) => onlyExoPhones.has(k.sid)) : known,
  );
  if (!states) return false;
  await applyPlan(client, accountSid, planHeartbeat(open, states, at, last, intervalMs));
  await client.query(
    `INSERT INTO heartbeat_state (account_sid, last_heartbeat_at, last_status_type) VALUES ($1, $2, $3)
     ON CONFLICT (account_sid) DO UPDATE SET last_heartbeat_at = excluded.last_heartbeat_at, last_status_type = excluded.last_status_type`,
    [accountSid, at, heartbeat.statusType],
  );
  return true;
}

/** The SIDs of the account's ExoPhones: the ExoPhone list plus every ExoPhone with a current health period. */
export async function knownExoPhoneSids(pool: Pool, accountSid: string): Promise<string[]> {
  const { rows } = await pool.query<{ sid: string }>(
    `SELECT sid FROM exophones WHERE account_sid = $1
     UNION SELECT exophone_sid FROM exophone_health_periods WHERE account_sid = $1 AND ended_at IS NULL
     ORDER BY 1`,
    [accountSid],
  );
  return rows.map((row) => row.sid);
}

/** The heartbeat applied last, as received, if it is stored (a details read applies none of its own). */
async function heartbeatReceivedAt(
  client: PoolClient,
  accountSid: string,
  at: Date,
): Promise<HeartbeatEvent | null> {
  const { rows } = await client.query(
    `SELECT payload FROM heartbeat_events WHERE account_sid = $1 AND received_at = $2 ORDER BY event_key LIMIT 1`,
    [accountSid, at],
  );
  return rows[0] ? parseHeartbeat(rows[0].payload) : null;
}

/**
 * ExoPhones the list names after the last heartbeat was applied, with no health yet: that heartbeat
 * spoke for them too (it names the affected ExoPhones; every other one of the account is healthy), so
 * they start with the state it gives them, from when it arrived, rather than unknown until the next
 * heartbeat, up to an interval later. At a first start the first heartbeat often lands before the
 * first ExoPhone list read.
 */
async function startNewcomersFromLastHeartbeat(
  client: PoolClient,
  accountSid: string,
  newcomers: readonly KnownExoPhone[],
  last: Date | null,
  now: Date,
  intervalMs: number,
): Promise<boolean> {
  if (newcomers.length === 0 || !last || now.getTime() - last.getTime() > 2 * intervalMs) return false;
  const heartbeat = await heartbeatReceivedAt(client, accountSid, last);
  const sids = new Set(newcomers.map((phone) => phone.sid));
  const states = heartbeat && deriveHealth(heartbeat, newcomers)?.filter((state) => sids.has(state.sid));
  if (!states?.length) return false;
  await applyPlan(client, accountSid, planHeartbeat([], states, last, last, intervalMs));
  return true;
}

/**
 * Turns states unknown after silence. Known ExoPhones without history start from the last heartbeat
 * when it is recent, as unknown now otherwise.
 */
export async function applySilence(
  pool: Pool,
  accountSid: string,
  now: Date,
  intervalMs: number,
): Promise<void> {
  await inTransaction(pool, async (client) => {
    await lockAccount(client, accountSid);
    const last = await lastHeartbeatAt(client, accountSid);
    const open = await openPeriods(client, accountSid);
    const known = await knownExoPhones(client, accountSid, open);
    const withHistory = new Set(open.map((period) => period.sid));
    const newcomers = known.filter((phone) => !withHistory.has(phone.sid));
    const started = await startNewcomersFromLastHeartbeat(
      client,
      accountSid,
      newcomers,
      last,
      now,
      intervalMs,
    );
    const current = started ? await openPeriods(client, accountSid) : open;
    await applyPlan(client, accountSid, planSilence(current, known, now, last, intervalMs));
  });
}

export interface HealthRow {
  accountSid: string;
  exophoneSid: string;
  phoneNumber: string | null;
  region: string | null;
  direction: Direction;
  state: HealthState;
  since: Date;
}

export interface HealthSnapshot {
  lastHeartbeatAt: Map<string, Date>;
  rows: HealthRow[];
}

/** The current state of every ExoPhone and direction of the given accounts, with its region. */
export async function readHealthSnapshot(
  pool: Pool,
  accountSids: readonly string[],
): Promise<HealthSnapshot> {
  const [periods, heartbeats] = await Promise.all([
    pool.query(
      `SELECT p.account_sid, p.exophone_sid, coalesce(p.phone_number, e.phone_number) AS phone_number, e.region,
              p.direction, p.state, p.started_at
       FROM exophone_health_periods p
       LEFT JOIN exophones e ON e.account_sid = p.account_sid AND e.sid = p.exophone_sid
       WHERE p.ended_at IS NULL AND p.account_sid = ANY($1::text[])
       ORDER BY p.account_sid, p.exophone_sid, p.direction`,
      [accountSids],
    ),
    pool.query(
      'SELECT account_sid, last_heartbeat_at FROM heartbeat_state WHERE account_sid = ANY($1::text[])',
      [accountSids],
    ),
  ]);
  return {
    lastHeartbeatAt: new Map(heartbeats.rows.map((row) => [row.account_sid, row.last_heartbeat_at])),
    rows: periods.rows.map((row) => ({
      accountSid: row.account_sid,
      exophoneSid: row.exophone_sid,
      phoneNumber: row.phone_number,
      region: row.region,
      direction: row.direction,
      state: row.state,
      since: row.started_at,
    })),
  };
}
