import type { Pool } from 'pg';
import type { ExotelCall } from '../../src/exotel/types';
import { normaliseCall } from '../../src/normalise';

/** The columns compared between the database and the simulator's truth. */
export interface ComparableCall {
  sid: string;
  dateCreated: string;
  dateUpdated: string | null;
  status: string | null;
  duration: number | null;
  price: number | null;
  direction: string | null;
  phoneNumber: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  leg1Status: string | null;
  leg2Status: string | null;
  conversationDuration: number | null;
}

export function comparableFromTruth(
  calls: Iterable<ExotelCall>,
  timeZone = 'Asia/Kolkata',
): ComparableCall[] {
  const result: ComparableCall[] = [];
  for (const call of calls) {
    const r = normaliseCall(call, { timeZone });
    result.push({
      sid: r.sid,
      dateCreated: r.dateCreated.toISOString(),
      dateUpdated: r.dateUpdated?.toISOString() ?? null,
      status: r.status,
      duration: r.duration,
      price: r.price === null ? null : Number(r.price),
      direction: r.direction,
      phoneNumber: r.phoneNumber,
      fromNumber: r.fromNumber,
      toNumber: r.toNumber,
      leg1Status: r.leg1Status,
      leg2Status: r.leg2Status,
      conversationDuration: r.conversationDuration,
    });
  }
  return result.sort((a, b) => a.sid.localeCompare(b.sid));
}

export async function comparableFromDatabase(pool: Pool, from: Date, to: Date): Promise<ComparableCall[]> {
  const { rows } = await pool.query(
    `SELECT sid, date_created, date_updated, status, duration, price, direction, phone_number, from_number,
            to_number, leg1_status, leg2_status, conversation_duration
     FROM calls WHERE date_created >= $1 AND date_created < $2 ORDER BY sid`,
    [from, to],
  );
  return rows
    .map((row) => ({
      sid: row.sid,
      dateCreated: row.date_created.toISOString(),
      dateUpdated: row.date_updated?.toISOString() ?? null,
      status: row.status,
      duration: row.duration,
      price: row.price === null ? null : Number(row.price),
      direction: row.direction,
      phoneNumber: row.phone_number,
      fromNumber: row.from_number,
      toNumber: row.to_number,
      leg1Status: row.leg1_status,
      leg2Status: row.leg2_status,
      conversationDuration: row.conversation_duration,
    }))
    .sort((a, b) => a.sid.localeCompare(b.sid));
}
