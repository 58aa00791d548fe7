import type { Pool } from 'pg';
import type { ExotelClient } from '../exotel';
import { log } from '../log';
import { upsertExoPhones } from '../exophones/store';

/**
 * Refreshes the account's ExoPhone list (numbers, SIDs, circle → `region`): heartbeats name
 * ExoPhones by SID only, and the region tag comes from here. Runs at start-up and daily.
 */
export async function syncExoPhoneList(
  pool: Pool,
  client: ExotelClient,
  accountSid: string,
): Promise<number> {
  const items = await client.listExoPhones();
  await upsertExoPhones(pool, accountSid, items);
  log.info({ accountSid, exophones: items.length }, 'ExoPhone list refreshed');
  return items.length;
}
