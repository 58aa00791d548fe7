import type { Pool } from 'pg';
import { normaliseCall } from '../src/normalise/call';
import { splitPayload, type PayloadRest } from '../src/normalise/payloadRest';
import { callRollupTables } from '../src/rollups/rollupTables';
import { resolveOptions } from '../src/simulator/options';
import { SimulatedAccount } from '../src/simulator/simulated-account';
import { SLOT_MS } from '../src/simulator/traffic';
import { CALL_COLUMNS } from '../src/store/callColumns';
import { reportBench } from './report';

/**
 * What the sync stores for a call, taken from the product itself: a settled simulated call with its
 * details, normalised and split as upsertCalls writes it. The benches store this payload rest and
 * fill the columns the normaliser filled for it (`filled`), so their rows cannot drift from a synced
 * call's size.
 */
export function syncedCallTemplate(): PayloadRest & { filled: string[] } {
  const sim = new SimulatedAccount(resolveOptions({ accountSid: 'bench' }));
  let slot = Math.floor(Date.parse('2026-10-01T06:00:00Z') / SLOT_MS);
  let call;
  while (!call)
    call = sim.traffic.slotCalls(slot++).find((c) => c.direction === 'inbound' && c.conversationSec > 0);
  const record = normaliseCall(sim.renderer.renderFinal(call));
  const filled = CALL_COLUMNS.filter((c) => c.value(record) != null).map((c) => c.name);
  return { ...splitPayload(record), filled };
}

/** Throws unless `written` covers every column a synced call fills. */
export function assertFillsLikeSync(written: readonly string[], template: { filled: string[] }): void {
  const missing = template.filled.filter((name) => !written.includes(name));
  if (missing.length > 0)
    throw new Error(`bench calls leave out columns a synced call fills: ${missing.join(', ')}`);
}

/** The tables rolled up from calls: their size is shared by the calls they summarise. */
const ROLLUP_TABLES = callRollupTables();

/**
 * The callback tables, which the bench builds for its last weeks only (callData.ts buildMissedCalls),
 * as the collector builds them for every week: their share is per call of the weeks they hold.
 */
const CALLBACK_TABLES = ['missed_calls', 'missed_call_rollup'];

/**
 * Bytes on disk per call: `calls` (heap, TOAST, every index) plus the rollup and callback tables'
 * share, with a `#` line per part.
 */
export async function reportStorage(pool: Pool, target = 600): Promise<boolean> {
  const { rows } = await pool.query<{ part: string; bytes: string; callback: boolean }>(
    `SELECT 'heap + toast' AS part, pg_table_size('calls') AS bytes, false AS callback
     UNION ALL
     SELECT 'index ' || c.relname, pg_relation_size(c.oid), false FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = 'calls'::regclass
     UNION ALL
     SELECT 'rollup ' || relname || ' (' || reltuples::bigint || ' rows, ' ||
            (pg_total_relation_size(oid) / greatest(reltuples, 1))::int || ' B per row with indexes)',
            pg_total_relation_size(oid), relname = ANY($2::text[])
     FROM pg_class WHERE relname = ANY($1::text[] || $2::text[]) AND relkind = 'r'`,
    [ROLLUP_TABLES, CALLBACK_TABLES],
  );
  const { rows: count } = await pool.query<{ calls: string; covered: string }>(
    `SELECT count(*) AS calls,
            count(*) FILTER (WHERE date_created >= (SELECT min(missed_at) FROM missed_calls)) AS covered
     FROM calls`,
  );
  const calls = Number(count[0]!.calls);
  const covered = Math.max(Number(count[0]!.covered), 1);
  console.log(`# storage: the callback tables hold the missed calls of ${covered} of the ${calls} calls`);
  let total = 0;
  for (const { part, bytes, callback } of rows) {
    const share = Number(bytes) / (callback ? covered : calls);
    total += share;
    console.log(`# storage ${part}: ${share.toFixed(1)} B per call`);
  }
  // The rollups grow with slots, ExoPhones and agents, not with calls: below 10 M calls their share
  // is larger than it will be there, so the calls table's own figure is shown too.
  const { rows: table } = await pool.query<{ bytes: string }>(
    `SELECT pg_total_relation_size('calls') AS bytes`,
  );
  console.log(
    `# storage calls table with its indexes: ${(Number(table[0]!.bytes) / calls).toFixed(1)} B per call`,
  );
  return reportBench('storage_bytes_per_call', Math.round(total), 'B', '<=', target).pass;
}
