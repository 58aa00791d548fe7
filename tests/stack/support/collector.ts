import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeEmbeddedDatabase } from '../../../collector/src/store/embedded';
import { CLI } from './paths';

/** A collector started from the built CLI in demo mode, as `npm start` runs it. */
export interface DemoCollector {
  /** http://127.0.0.1:<port> (no /api/v1). */
  baseUrl: string;
  viewerToken: string;
  adminToken: string;
  webhookSecret: string;
  databaseUrl: string;
  accountSid: string;
  output(): string;
  stop(): Promise<void>;
}

const field = (banner: string, name: string): string => {
  const m = new RegExp(`${name}:\\s+(\\S+)`).exec(banner);
  if (!m) throw new Error(`the collector's banner has no "${name}:" line:\n${banner}`);
  return m[1]!;
};

export async function startDemoCollector(timeoutMs = 90_000): Promise<DemoCollector> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the collector first (npm run build)`);
  const dataDir = mkdtempSync(join(tmpdir(), 'exowatch-stack-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    NODE_ENV: 'production',
    EXOWATCH_LOG_LEVEL: 'warn',
    EXOWATCH_DATA_DIR: dataDir,
    EXOWATCH_PORT: '0',
    EXOWATCH_HOST: '127.0.0.1',
  };
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the collector did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      output += d.toString();
      if (/Webhook secret: .+\n/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the collector exited with ${code} before it was ready:\n${output}`));
    });
  }).catch(async (error: Error) => {
    child.kill('SIGKILL');
    await exited;
    await removeEmbeddedDatabase(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const api = field(banner, 'API');
  return {
    baseUrl: api.replace(/\/api\/v1\/?$/, ''),
    viewerToken: field(banner, 'Viewer token'),
    adminToken: field(banner, 'Admin token'),
    webhookSecret: field(banner, 'Webhook secret'),
    databaseUrl: field(banner, 'Database'),
    accountSid: field(banner, 'Accounts'),
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      await removeEmbeddedDatabase(dataDir);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function getJson<T>(url: string, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function postJson<T>(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text for the error message
  }
  return { status: res.status, body: parsed as T };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs: number,
  everyMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
