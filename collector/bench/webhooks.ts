// Passthru webhook benchmark (`npm run bench:webhooks`). The server under test runs in a child process
// (this file with `serve`), autocannon drives it over loopback from this one. Figures:
//   webhook_vs_bare_express  Passthru requests/s ÷ a bare express handler's, same machine, same run (>= 0.6)
//   webhook_p99_at_2000rps   p99 latency at a fixed 2,000 requests/s (<= 25 ms)
//   webhook_events_lost      200-answered Passthru events missing from the database afterwards (= 0)
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { createApp } from '../src/api/app';
import { createCollectorMetrics } from '../src/metrics/collector';
import { createMetricsRegistry } from '../src/metrics/registry';
import { createPool } from '../src/store/db';
import { createLocalCluster } from '../src/store/localCluster';
import { migrate } from '../src/store/migrate';
import { reportBench } from './report';
import { createWebhookService } from '../src/webhooks/service';

const ACCOUNT = { sid: 'bench', timeZone: 'Asia/Kolkata', webhookSecret: 'bench-secret-0123456789' };
const PASSTHRU_QUERY =
  'CallFrom=09901320691&CallTo=08069891522&Direction=incoming&Created=Wed%2C+31+Jul+2024+16%3A42%3A56' +
  '&DialCallDuration=0&StartTime=2024-07-31+16%3A42%3A56&EndTime=1970-01-01+05%3A30%3A00&CallType=call-attempt' +
  '&DialWhomNumber=&flow_id=11754&tenant_id=1409&From=09901320691&To=08069891522' +
  '&CurrentTime=2024-07-31+16%3A43%3A02&digits=%22215250%22';
const DURATION_S = 10;

async function serve(mode: string, databaseUrl: string, journalDir: string): Promise<void> {
  let app: express.Express;
  if (mode === 'bare') {
    app = express();
    app.get('/webhooks/:accountSid/:secret/passthru', (_req, res) => {
      res.json({ status: 'accepted' });
    });
  } else {
    const pool = createPool(databaseUrl);
    const registry = createMetricsRegistry();
    const service = createWebhookService({
      pool,
      accounts: [ACCOUNT],
      journalDir,
      metrics: createCollectorMetrics(registry),
    });
    await service.start();
    app = createApp({ routers: [service.router], metrics: registry, readTokens: ['bench-token-0123456789'] });
  }
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
}

function startServer(
  mode: string,
  databaseUrl: string,
  journalDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(__filename, ['serve', mode, databaseUrl, journalDir], {
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

function load(
  port: number,
  prefix: string,
  options: Partial<autocannon.Options>,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/passthru?CallSid=${prefix}[<id>]&${PASSTHRU_QUERY}`,
    idReplacement: true,
    duration: DURATION_S,
    connections: 50,
    ...options,
  });
}

async function main(): Promise<void> {
  const baseDir = mkdtempSync(join(tmpdir(), 'exowatch-bench-webhooks-'));
  const cluster = await createLocalCluster({ baseDir, unsafeFast: true });
  await cluster.start();
  const pool = createPool(cluster.url);
  try {
    await migrate(pool);
    const bare = await startServer('bare', cluster.url, join(baseDir, 'unused'));
    await load(bare.port, 'warm', { duration: 2 });
    const bareResult = await load(bare.port, 'bare', {});
    const bareFixed = await load(bare.port, 'bare', { overallRate: 2000, connections: 20 });
    await stopServer(bare.child);

    const webhook = await startServer('webhook', cluster.url, join(baseDir, 'journal'));
    await load(webhook.port, 'warm', { duration: 2 });
    const stored = async () => {
      const { rows } = await pool.query(
        "SELECT count(*)::int AS n FROM passthru_events WHERE call_sid NOT LIKE 'warm%'",
      );
      return rows[0].n as number;
    };
    const drained = async (answered: number) => {
      for (const deadline = Date.now() + 60_000; (await stored()) < answered && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };
    const webhookResult = await load(webhook.port, 'max', {});
    // The fixed-rate run starts once the writer has caught up with the flood, so it measures the
    // steady state at 2,000 requests/s, not the tail of the previous run.
    await drained(webhookResult['2xx']);
    const fixed = await load(webhook.port, 'fixed', { overallRate: 2000, connections: 20 });
    const answered = webhookResult['2xx'] + fixed['2xx'];
    await drained(answered);
    // Requests still in flight when autocannon stops are stored but not counted as answered.
    const lost = Math.max(0, answered - (await stored()));
    await stopServer(webhook.child);

    console.log(
      `# bare express ${bareResult.requests.average} req/s; Passthru webhook ${webhookResult.requests.average} req/s`,
    );
    console.log(
      `# fixed rate: ${fixed.requests.total} requests, ${fixed.non2xx} non-2xx, ${fixed.errors} errors`,
    );
    console.log(
      `# p99 at 2000 req/s: bare express ${bareFixed.latency.p99} ms, Passthru webhook ${fixed.latency.p99} ms`,
    );
    const results = [
      reportBench(
        'webhook_vs_bare_express',
        webhookResult.requests.average / bareResult.requests.average,
        'ratio',
        '>=',
        0.6,
      ).pass,
      reportBench('webhook_p99_at_2000rps', fixed.latency.p99, 'ms', '<=', 25).pass,
      reportBench('webhook_events_lost', lost + fixed.non2xx + fixed.errors, 'events', '==', 0).pass,
    ];
    process.exitCode = results.every(Boolean) ? 0 : 1;
  } finally {
    await pool.end();
    await cluster.stop();
    rmSync(baseDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve') {
  void serve(process.argv[3]!, process.argv[4]!, process.argv[5]!);
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
