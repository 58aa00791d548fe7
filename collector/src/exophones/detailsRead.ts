import type { Pool } from 'pg';
import { ExotelClientClosedError } from '../exotel/client';
import type { ExotelExoPhoneDetails } from '../exotel/envelope';
import { log } from '../log';
import { inTransaction } from '../store/db';
import { applyHeartbeat, knownExoPhoneSids } from './healthStore';
import { heartbeatFromDetails } from './details';

/** The ExoPhone details API of one account (ExotelClient.exoPhoneDetails). */
export interface ExoPhoneDetailsSource {
  exoPhoneDetails(exophoneSid: string, signal?: AbortSignal): Promise<ExotelExoPhoneDetails>;
}

export interface DetailsReadResult {
  read: number;
  failed: number;
  applied: boolean;
}

/**
 * A `PAYLOAD_TOO_LARGE` heartbeat names no ExoPhone: Exotel says to read the ExoPhone details API
 * instead (exotel-api.md §2). Reads every known ExoPhone, one request at a time through the source
 * (whose account limiter paces them: the API is throttled), and folds the answers into health as the
 * heartbeat observed at `at`. An ExoPhone whose read failed keeps its state.
 */
export async function refreshHealthFromDetails(
  pool: Pool,
  source: ExoPhoneDetailsSource,
  accountSid: string,
  at: Date,
  intervalMs: number,
  signal?: AbortSignal,
): Promise<DetailsReadResult> {
  const read: ExotelExoPhoneDetails[] = [];
  let failed = 0;
  for (const sid of await knownExoPhoneSids(pool, accountSid)) {
    try {
      read.push(await source.exoPhoneDetails(sid, signal));
    } catch (error) {
      if (signal?.aborted || error instanceof ExotelClientClosedError) throw error;
      failed += 1;
      log.warn({ accountSid, exophoneSid: sid, err: (error as Error).message }, 'ExoPhone details not read');
    }
  }
  if (read.length === 0) return { read: 0, failed, applied: false };
  const applied = await inTransaction(pool, (client) =>
    applyHeartbeat(
      client,
      accountSid,
      heartbeatFromDetails(read),
      at,
      intervalMs,
      new Set(read.map((details) => details.sid)),
    ),
  );
  log.info({ accountSid, read: read.length, failed, applied }, 'ExoPhone health read from the details API');
  return { read: read.length, failed, applied };
}
