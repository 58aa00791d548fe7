import type { Pool } from 'pg';
import { refreshCallbacks } from '../../src/callbacks/missedCalls';
import type { ExotelCall } from '../../src/exotel/types';
import { normaliseCalls } from '../../src/normalise';
import { tagDemoTeams } from '../../src/runtime/demoTags';
import type { SimulatedAccount } from '../../src/simulator';
import { upsertCalls } from '../../src/store/calls';

/**
 * Stores the simulator's Bulk API records as the sync does, tags the simulated teams (as of
 * `taggedAt`) and builds the missed calls: a database holding the account's traffic, callbacks included.
 */
export async function storeSimulatedCalls(
  pool: Pool,
  account: SimulatedAccount,
  calls: readonly ExotelCall[],
  options: { timeZone: string; taggedAt: Date },
): Promise<void> {
  const { records, rejected } = normaliseCalls(calls, { timeZone: options.timeZone });
  if (rejected.length > 0)
    throw new Error(`the simulator sent calls the sync rejects: ${JSON.stringify(rejected)}`);
  for (let i = 0; i < records.length; i += 500) await upsertCalls(pool, records.slice(i, i + 500));
  await tagDemoTeams(pool, account, options.taggedAt);
  await refreshCallbacks(pool);
}
