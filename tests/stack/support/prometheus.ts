import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { waitFor } from './collector';
import { PROMETHEUS_PROVISIONING } from './paths';

export function promtool(
  args: string[],
  cwd = PROMETHEUS_PROVISIONING,
): { code: number | null; output: string } {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (result.error)
    throw new Error(
      `promtool could not run (${result.error.message}): see .ci/run, which installs Debian's prometheus package`,
    );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  url: string;
  /** GET /api/v1/<path>; throws unless status is success. */
  api<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

interface ScrapeConfig {
  job_name: string;
  scrape_interval?: string;
  static_configs?: { targets: string[]; labels?: Record<string, string> }[];
}

/**
 * Starts the real Prometheus from the provisioned prometheus.yml and rules, with the collector target
 * rewritten to `collectorHostPort`, 1 s scrape/evaluation intervals and every alert's `for` shortened
 * to `alertFor`, in a temp folder.
 */
export async function startPrometheus(
  collectorHostPort: string,
  alertFor = '3s',
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'exowatch-prom-'));
  const port = await freePort();
  const config = parseYaml(readFileSync(join(PROMETHEUS_PROVISIONING, 'prometheus.yml'), 'utf8')) as {
    global: Record<string, unknown>;
    scrape_configs: ScrapeConfig[];
  };
  config.global.scrape_interval = '1s';
  config.global.scrape_timeout = '1s';
  config.global.evaluation_interval = '1s';
  for (const job of config.scrape_configs) {
    for (const sc of job.static_configs ?? []) {
      sc.targets = sc.targets.map((t) =>
        t === 'collector:8090' ? collectorHostPort : t === 'localhost:9090' ? `127.0.0.1:${port}` : t,
      );
    }
  }
  writeFileSync(join(dir, 'prometheus.yml'), stringifyYaml(config));
  cpSync(join(PROMETHEUS_PROVISIONING, 'rules'), join(dir, 'rules'), { recursive: true });
  for (const file of readdirSync(join(dir, 'rules'))) {
    const path = join(dir, 'rules', file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^(\s+)for: \S+$/gm, `$1for: ${alertFor}`));
  }
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      'Prometheus to be ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited:\n${output}`);
        return (await fetch(`${url}/-/ready`)).ok;
      },
      30_000,
      250,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    async api<T>(path: string): Promise<T> {
      const res = await fetch(`${url}/api/v1/${path}`);
      const body = (await res.json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? res.status}`);
      return body.data;
    },
    stop,
  };
}
