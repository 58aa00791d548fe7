import { createHash } from 'node:crypto';
import type { Queryable } from './db';

export interface RejectedRecord {
  sid: string | null;
  reason: string;
  raw: unknown;
}

/** Keeps records that could not be normalised; the same payload seen again only bumps last_seen_at. */
export async function keepRejectedCalls(
  client: Queryable,
  accountSid: string,
  rejected: readonly RejectedRecord[],
): Promise<void> {
  for (const record of rejected) {
    const payload = JSON.stringify(record.raw);
    await client.query(
      `INSERT INTO rejected_calls (account_sid, payload_hash, sid, reason, raw) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_sid, payload_hash) DO UPDATE SET last_seen_at = now(), reason = excluded.reason`,
      [accountSid, createHash('sha256').update(payload).digest('hex'), record.sid, record.reason, payload],
    );
  }
}
