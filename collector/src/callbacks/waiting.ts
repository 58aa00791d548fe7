import type { Pool } from 'pg';
import { inTransaction, type Queryable } from '../store/db';
import { Params } from '../querykit/sql';
import { missedCallsSql, storedWaitingSql } from './callbackSql';
import { WINDOW_CAP_MS } from './match';
import { loadCallbackContext, missedCallsSource } from './missedCalls';

/** Missed calls still waiting for a callback at one instant: the worklist and the Prometheus gauge. */

/** Reads in one snapshot, so marks, stored rows and raw calls agree. */
const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

export interface WaitingCall {
  callSid: string;
  missedAt: number;
  team: string | null;
  exophone: string | null;
  /** Full number (E.164); mask it for viewers. */
  customer: string | null;
  /** Business seconds waited so far (the call's calendar). */
  waitedSeconds: number;
  windowEndsAt: number;
}

/** SQL of the calls waiting at `now` (a parameter), over the missed calls `db` can see. */
async function waitingSql(db: Queryable, now: number, params: Params): Promise<string> {
  const source = await missedCallsSource(db, now - WINDOW_CAP_MS, now);
  const at = params.add(new Date(now), '::timestamptz');
  const parts = missedCallsSql(source, storedWaitingSql(at, at), params);
  return `SELECT * FROM (${parts}) p WHERE ts < ${at} AND open_until > ${at}`;
}

/** The calls waiting at `now`, the soonest window end first (at most `limit`; only `team` when given). */
export async function listWaitingCalls(
  pool: Pool,
  now: number,
  options: { limit: number; team?: string },
): Promise<WaitingCall[]> {
  return inTransaction(
    pool,
    async (client) => {
      const params = new Params();
      const waiting = await waitingSql(client, now, params);
      const team = options.team === undefined ? '' : `WHERE team = ${params.add(options.team, '::text')}`;
      const { rows } = await client.query<{
        sid: string;
        ts: Date;
        team: string | null;
        exophone: string | null;
        flow: string | null;
        customer: string | null;
        window_ends_at: Date;
      }>(
        `SELECT sid, ts, team, exophone, flow, customer, window_ends_at
         FROM (SELECT *, tags ->> 'team' AS team FROM (${waiting}) w) t ${team}
         ORDER BY window_ends_at, ts, sid LIMIT ${params.add(options.limit, '::int')}`,
        params.values,
      );
      const { resolver, clocks } = await loadCallbackContext(client);
      return rows.map((r) => {
        const missedAt = r.ts.getTime();
        const rules = resolver.rulesFor({ team: r.team, flow: r.flow, exophone: r.exophone, at: missedAt });
        return {
          callSid: r.sid,
          missedAt,
          team: r.team,
          exophone: r.exophone,
          customer: r.customer,
          waitedSeconds: clocks.for(rules).businessMs(missedAt, now) / 1000,
          windowEndsAt: r.window_ends_at.getTime(),
        };
      });
    },
    SNAPSHOT,
  );
}

/** How many calls wait at `now`, per team tag value ('' for calls without one). */
export async function countWaitingByTeam(pool: Pool, now: number): Promise<Map<string, number>> {
  return inTransaction(
    pool,
    async (client) => {
      const params = new Params();
      const waiting = await waitingSql(client, now, params);
      const { rows } = await client.query<{ team: string | null; waiting: string }>(
        `SELECT tags ->> 'team' AS team, count(*) AS waiting FROM (${waiting}) w GROUP BY 1`,
        params.values,
      );
      return new Map(rows.map((r) => [r.team ?? '', Number(r.waiting)]));
    },
    SNAPSHOT,
  );
}
