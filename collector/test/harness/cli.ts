import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDirectory } from './scratch';

/** The built CLI: process-level tests (SIGKILL, several collectors) run the real `exowatch` binary. */
export const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

/** The environment that points the CLI at a database and a simulated Exotel account. */
export function cliEnvironment(
  databaseUrl: string,
  sim: { url: string; accountSid: string; apiKey: string; apiToken: string },
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    EXOTEL_BASE_URL: sim.url,
    EXOTEL_ACCOUNT_SID: sim.accountSid,
    EXOTEL_API_KEY: sim.apiKey,
    EXOTEL_API_TOKEN: sim.apiToken,
    EXOWATCH_DATA_DIR: mkdtempSync(join(scratchDirectory(), 'exowatch-cli-')),
  };
}

/**
 * The variables of a faked clock (Debian's faketime: LD_PRELOAD and FAKETIME*), passed on so that a CLI
 * spawned by a suite run under `faketime` sees the same day as the suite.
 */
function clockEnvironment(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && (entry[0] === 'LD_PRELOAD' || entry[0].startsWith('FAKETIME')),
    ),
  );
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
}

export function spawnCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): RunningCli {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: build first (npm run build, which npm test does)`);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      EXOWATCH_LOG_LEVEL: 'warn',
      ...clockEnvironment(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  options: { cwd?: string } = {},
): Promise<CliResult> {
  return spawnCli(args, env, options).done;
}
