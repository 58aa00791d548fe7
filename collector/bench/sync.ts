/**
 * `npm run bench:sync`: the sync's three figures, each against a ceiling measured in the same run.
 *  1. Request pacing: a 100,000-call backfill against the simulator limited to 600 requests/minute
 *     achieves >= 95 % of that ceiling with zero 429s.
 *  2. Write path: calls upserted per second by the store (page-sized batches, as the sync writes them)
 *     vs PostgreSQL COPY of the same rows into the same table: ratio >= 0.5.
 *  3. Memory: peak RSS of a 1,000,000-call backfill (the real CLI process) <= 200 MB.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { Pool } from 'pg';
import { ExotelClient } from '../src/exotel';
import { normaliseCall } from '../src/normalise';
import type { CallRecord } from '../src/normalise/types';
import { startSimulator, type SimulatorHandle } from '../src/simulator';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { createLocalCluster, type LocalCluster } from '../src/store/localCluster';
import { migrate } from '../src/store/migrate';
import { runBackfill } from '../src/sync/backfill';
import { COPY_CALLS_SQL, copyLine } from './copyText';
import { reportBench, type BenchFigure } from './report';

const DAY = 86_400_000;
const PAGE = 100;

async function freshDatabase(cluster: LocalCluster, name: string): Promise<Pool> {
  const admin = createPool(cluster.url, { max: 1 });
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const pool = createPool(cluster.url.replace(/\/postgres$/, `/${name}`));
  await migrate(pool);
  return pool;
}

/** A range of whole seconds ending a day ago that holds at least `calls` of the simulator's calls. */
function rangeHolding(sim: SimulatorHandle, calls: number): { from: Date; to: Date } {
  const to = Math.floor((Date.now() - DAY) / 1000) * 1000;
  let from = to;
  while (sim.truth.count({ from, to }) < calls) from -= DAY / 4;
  return { from: new Date(from), to: new Date(to) };
}

async function requestPacing(cluster: LocalCluster): Promise<BenchFigure[]> {
  const ceiling = 600;
  const sim = await startSimulator({ seed: 'bench-pacing', callsPerDay: 4000, rateLimitPerMinute: ceiling });
  const pool = await freshDatabase(cluster, 'bench_pacing');
  const range = rangeHolding(sim, 100_000);
  const client = new ExotelClient({
    baseUrl: sim.url,
    accountSid: sim.accountSid,
    apiKey: sim.apiKey,
    apiToken: sim.apiToken,
    requestsPerMinute: ceiling,
  });
  const started = Date.now();
  const job = await runBackfill(pool, client, { sid: sim.accountSid, timeZone: 'Asia/Kolkata' }, range);
  const minutes = (Date.now() - started) / 60_000;
  const stats = sim.stats();
  client.close();
  await sim.close();
  await pool.end();
  console.log(
    `pacing: ${job.callsWritten} calls, ${stats.accepted} requests in ${(minutes * 60).toFixed(1)} s`,
  );
  return [
    reportBench('backfill_request_rate_vs_limit', stats.accepted / minutes / ceiling, 'ratio', '>=', 0.95),
    reportBench(
      'backfill_rate_limited_responses',
      stats.rateLimited + stats.faults.tooManyRequests,
      'count',
      '<=',
      0,
    ),
  ];
}

async function writePath(cluster: LocalCluster): Promise<BenchFigure[]> {
  const count = 200_000;
  const sim = await startSimulator({ seed: 'bench-writes', callsPerDay: 20_000 });
  const range = rangeHolding(sim, count);
  const records: CallRecord[] = [];
  for (const call of sim.truth.iterate(range)) records.push(normaliseCall(call));
  await sim.close();
  const pool = await freshDatabase(cluster, 'bench_writes');

  const copyStarted = process.hrtime.bigint();
  const client = await pool.connect();
  await pipeline(Readable.from(records.map(copyLine)), client.query(copyFrom(COPY_CALLS_SQL)));
  client.release();
  const copySeconds = Number(process.hrtime.bigint() - copyStarted) / 1e9;
  await pool.query('TRUNCATE calls');
  await pool.query('VACUUM ANALYZE calls');

  const upsertStarted = process.hrtime.bigint();
  for (let i = 0; i < records.length; i += PAGE) await upsertCalls(pool, records.slice(i, i + PAGE));
  const upsertSeconds = Number(process.hrtime.bigint() - upsertStarted) / 1e9;
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM calls');
  await pool.end();
  if (rows[0].n !== records.length) throw new Error(`upsert stored ${rows[0].n} of ${records.length} rows`);

  const copyRate = records.length / copySeconds;
  const upsertRate = records.length / upsertSeconds;
  console.log(
    `write path: ${records.length} rows, COPY ${Math.round(copyRate)}/s, store upsert ${Math.round(upsertRate)}/s`,
  );
  return [reportBench('store_upsert_vs_copy', upsertRate / copyRate, 'ratio', '>=', 0.5)];
}

/** Peak resident set of a process (VmHWM), in MB, read while it runs. */
function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function backfillMemory(cluster: LocalCluster): Promise<BenchFigure[]> {
  const sim = await startSimulator({ seed: 'bench-memory', callsPerDay: 6000, rateLimitPerMinute: 0 });
  const pool = await freshDatabase(cluster, 'bench_memory');
  await pool.end();
  const range = rangeHolding(sim, 1_000_000);
  const expected = sim.truth.count(range);
  const dataDir = mkdtempSync(join(tmpdir(), 'exowatch-bench-'));
  const child = spawn(
    process.execPath,
    [
      join(__dirname, '..', 'src', 'cli', 'main.js'),
      'backfill',
      '--from',
      range.from.toISOString(),
      '--to',
      range.to.toISOString(),
    ],
    {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: cluster.url.replace(/\/postgres$/, '/bench_memory'),
        EXOTEL_BASE_URL: sim.url,
        EXOTEL_ACCOUNT_SID: sim.accountSid,
        EXOTEL_API_KEY: sim.apiKey,
        EXOTEL_API_TOKEN: sim.apiToken,
        EXOTEL_REQUESTS_PER_MINUTE: '10000',
        EXOWATCH_DATA_DIR: dataDir,
        EXOWATCH_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, peakRssMb(child.pid!) ?? 0)), 250);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(sampler);
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`backfill exited with ${code}: ${output}`);
  console.log(
    `memory: backfill of ${expected} calls in ${((Date.now() - started) / 1000).toFixed(0)} s; ${output.trim().split('\n').at(-1)}`,
  );
  return [reportBench('backfill_1m_peak_rss', peak, 'MB', '<=', 200)];
}

async function main(): Promise<void> {
  const baseDir = mkdtempSync(join(tmpdir(), 'exowatch-bench-pg-'));
  const cluster = await createLocalCluster({ baseDir, unsafeFast: true });
  await cluster.start();
  const figures: BenchFigure[] = [];
  try {
    figures.push(...(await writePath(cluster)));
    figures.push(...(await requestPacing(cluster)));
    figures.push(...(await backfillMemory(cluster)));
  } finally {
    await cluster.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
  if (figures.some((f) => !f.pass)) process.exitCode = 1;
}

void main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
