/**
 * `npm run bench:retention`: the first retention run (privacy/retention.ts, docs/privacy.md "How long")
 * over BENCH_CALLS calls (default 10,000,000) spread over 180 days, so about 80 % are older than every
 * retention window (30, 30 and 32 days), each with its customer's number in clear, Exotel's payload,
 * a recording link on answered calls and a Passthru event on a third of the inbound ones; while it
 * runs, a Passthru webhook stream (BENCH_WEBHOOK_RATE a second, default 100) reaches the collector's
 * webhook endpoint in a child process, and the sync writes its hourly re-read of the last 24 hours
 * (pages of 100 calls through upsertCalls, as the sync writes them). Figures:
 *   retention_duration             the run, in seconds (<= one second per 1,000 calls)
 *   webhook_p99_during_retention   Passthru latency while retention runs (<= 25 ms)
 *   webhooks_lost                  Passthru events not answered, refused, or answered 200 and not stored (== 0)
 *   sync_page_p99_during_retention one page of the sync's writes while retention runs (<= 1000 ms)
 *   kpi_answers_equal              every catalogue metric, daily by team over the 180 days, asked
 *                                  before and after retention: 1 when every answer is equal (= 1)
 */
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Pool } from 'pg';
import { markCallbacksSince, refreshCallbacks } from '../src/callbacks/missedCalls';
import { applyRetention } from '../src/privacy/retention';
import { CATALOGUE, runQuery } from '../src/query/engine';
import { refreshRollups } from '../src/rollups/rollups';
import { upsertCalls } from '../src/store/calls';
import { createPool } from '../src/store/db';
import { migrate } from '../src/store/migrate';
import { startBenchCluster } from './cluster';
import { indexDefinitions } from './indexes';
import { quantile, reportBench } from './report';
import { awaitedLater, describeLost, lostWebhooks, recentCalls, syncStream, webhookStream } from './streams';
import { startServer, stopServer } from './webhooks';

const ZONE = 'Asia/Kolkata';
const CALLS = Number(process.env.BENCH_CALLS ?? 10_000_000);
const WEBHOOK_RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 100);
const DAYS = 180;
/** The run's "now": retention and the KPI queries use it, so the answers do not depend on the clock. */
const END = DateTime.fromISO('2026-11-01T00:00:00', { zone: ZONE });
const START = END.minus({ days: DAYS });
const SETTINGS = { rawPayloadDays: 30, recordingUrlDays: 30, numbersInClearDays: 32 };
/** How long the webhook and sync streams run alone before retention starts. */
const BASELINE_MS = 6_000;
const p99 = quantile(0.99);

/**
 * The calls (in time order, as the sync writes them) and their Passthru events, in bulk: triggers
 * skipped and indexes rebuilt after the load; every slot is then rolled up and its missed calls found.
 */
async function generate(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SELECT setseed(0.42)`);
    await client.query(
      `INSERT INTO tags (target, key, value, valid_from, valid_to)
       SELECT '+9180400000' || lpad(i::text, 2, '0'), 'team', 'Team ' || (i % 10), '-infinity', 'infinity'
       FROM generate_series(0, 49) i`,
    );
    const indexes = await indexDefinitions(client, ['calls', 'passthru_events']);
    for (const statement of indexes.drop) await client.query(statement);
    await client.query(
      `INSERT INTO calls (sid, date_created, account_sid, phone_number, from_number, to_number,
                          status, direction, duration, conversation_duration, leg1_status, leg2_status,
                          recording_url_sent, payload_rest)
       SELECT sid, ts, 'bench', xp, caller, callee,
              outcome, CASE WHEN inbound THEN 'inbound' ELSE 'outbound-api' END,
              60, CASE WHEN outcome = 'completed' THEN 45 ELSE 0 END, 'completed', outcome, recording,
              jsonb_build_object('Sid', sid, 'From', '0' || right(caller, 10), 'To', '0' || right(callee, 10),
                                 'PhoneNumberSid', '0' || right(xp, 10), 'Status', outcome, 'RecordingUrl', recording)
       FROM (
         SELECT *, CASE WHEN inbound THEN customer ELSE agent END AS caller,
                CASE WHEN inbound THEN xp ELSE customer END AS callee,
                CASE WHEN outcome = 'completed' THEN 'https://recordings.example.com/' || sid || '.mp3' END AS recording
         FROM (
           SELECT 'r' || g AS sid,
                  $1::timestamptz + make_interval(secs => (g - 1) * $3::float8 / $2) AS ts,
                  random() < 0.62 AS inbound,
                  '+9198' || lpad(floor(random() * 200000)::int::text, 8, '0') AS customer,
                  '+9180400000' || lpad((g % 50)::text, 2, '0') AS xp,
                  '+919800' || lpad((g % 500)::text, 6, '0') AS agent,
                  CASE WHEN random() < 0.7 THEN 'completed' WHEN random() < 0.6 THEN 'no-answer' ELSE 'busy' END AS outcome
           FROM generate_series(1, $2::int) g
         ) s
       ) c`,
      [START.toJSDate(), CALLS, DAYS * 86_400],
    );
    await client.query(
      `INSERT INTO passthru_events (event_key, account_sid, call_sid, call_from, call_from_raw, call_to, call_to_raw,
                                    direction, digits, params, received_at)
       SELECT 'pe-' || sid, 'bench', sid, from_number, c.from_raw, to_number, c.to_raw, 'incoming', '"1"',
              jsonb_build_object('CallSid', sid, 'CallFrom', c.from_raw, 'CallTo', c.to_raw, 'From', c.from_raw,
                                 'To', c.to_raw, 'digits', '"1"'),
              date_created + interval '5 seconds'
       FROM calls c WHERE direction = 'inbound' AND hashtext(sid) % 3 = 0`,
    );
    for (const statement of indexes.create) await client.query(statement);
    await client.query(`RESET session_replication_role`);
    await client.query(
      `INSERT INTO rollup_dirty_slots (slot) SELECT DISTINCT rollup_slot(date_created) FROM calls`,
    );
  } finally {
    client.release();
  }
  await markCallbacksSince(pool, null);
  await refreshRollups(pool, { now: END.toJSDate() });
  await refreshCallbacks(pool);
  await pool.query('VACUUM ANALYZE');
}

/** Every catalogue metric, daily by team (health metrics by day) over the whole range, as the query API answers. */
async function kpiAnswers(pool: Pool): Promise<string> {
  const answers: Record<string, unknown> = {};
  for (const metric of CATALOGUE.metrics) {
    const body = {
      metric: metric.name,
      interval: '1d',
      groupBy: metric.source === 'calls' ? ['team'] : [],
      from: START.toMillis(),
      to: END.toMillis(),
      timeZone: ZONE,
    };
    answers[metric.name] = (
      await runQuery(pool, body, { defaultTimeZone: ZONE, now: () => END.toJSDate() })
    ).frames;
  }
  return JSON.stringify(answers);
}

async function main(): Promise<void> {
  const { baseDir, cluster, remove } = await startBenchCluster('retention');
  const pool = createPool(cluster.url);
  let webhook: Awaited<ReturnType<typeof startServer>> | undefined;
  // Ends the background streams: when retention is over, or on the way out if the bench fails first.
  let finish = () => {};
  try {
    await migrate(pool);
    const loading = performance.now();
    await generate(pool);
    const sync = recentCalls(END, ZONE);
    await upsertCalls(pool, sync);
    await refreshRollups(pool, { now: END.toJSDate() });
    await refreshCallbacks(pool);
    console.log(
      `# ${CALLS} calls over ${DAYS} days loaded in ${Math.round((performance.now() - loading) / 1000)} s`,
    );
    const before = await kpiAnswers(pool);

    webhook = await startServer('webhook', cluster.url, join(baseDir, 'journal'));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const hooks = awaitedLater(webhookStream(webhook.port, WEBHOOK_RATE, finished));
    const pages = awaitedLater(syncStream(pool, sync, finished));
    // The same streams alone first: the machine's own latencies, to read the figures against.
    const alone = performance.now();
    await new Promise((resolve) => setTimeout(resolve, BASELINE_MS));
    const start = performance.now();
    const changed = await applyRetention(pool, SETTINGS, { now: END.toJSDate() });
    const end = performance.now();
    finish();
    const answered = await hooks;
    const between =
      (from: number, to: number) =>
      <T extends { at: number }>(xs: T[]) =>
        xs.filter((x) => x.at >= from && x.at <= to);
    const during = between(start, end);
    const withoutRetention = between(alone + 1_000, start);
    const lost = await lostWebhooks(pool, answered);
    const syncPages = await pages;
    await stopServer(webhook.child);
    const after = await kpiAnswers(pool);

    const seconds = (end - start) / 1000;
    console.log(`# retention changed ${JSON.stringify(changed)} in ${seconds.toFixed(1)} s`);
    console.log(
      `# without retention: webhook p99 ${p99(withoutRetention(answered).map((r) => r.ms)).toFixed(1)} ms, sync page p99 ${p99(withoutRetention(syncPages).map((r) => r.ms)).toFixed(1)} ms`,
    );
    console.log(
      `# ${answered.length} Passthru requests, ${during(answered).length} during retention; ${syncPages.length} sync pages`,
    );
    console.log(describeLost(lost));
    const results = [
      reportBench('retention_duration', seconds, 's', '<=', CALLS / 1000).pass,
      reportBench('webhook_p99_during_retention', p99(during(answered).map((r) => r.ms)), 'ms', '<=', 25)
        .pass,
      reportBench('webhooks_lost', lost.total, 'events', '==', 0).pass,
      reportBench('sync_page_p99_during_retention', p99(during(syncPages).map((r) => r.ms)), 'ms', '<=', 1000)
        .pass,
      reportBench('kpi_answers_equal', before === after ? 1 : 0, 'bool', '==', 1).pass,
    ];
    process.exitCode = results.every(Boolean) ? 0 : 1;
  } finally {
    finish();
    if (webhook) await stopServer(webhook.child);
    await pool.end();
    await remove();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
