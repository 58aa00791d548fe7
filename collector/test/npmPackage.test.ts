import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeEmbeddedDatabase } from '../src/store/embedded';
import { startTestCluster, type TestCluster } from './harness/postgres';

/**
 * The collector as npm users get it (`npm install -g exowatch`, `npx exowatch`): `npm pack` of the
 * workspace (built first: `npm run build -w collector`), installed from the tarball into an empty
 * folder, then the installed `exowatch` command run as the README shows.
 */
const COLLECTOR = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(COLLECTOR, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  private?: boolean;
  bin: Record<string, string>;
};

let work: string;
let app: string;
let packed: { filename: string; files: Array<{ path: string }> };
let cluster: TestCluster;
const dataDirs: string[] = [];

/** Runs the installed command in the install folder, as `npx exowatch …` there does. */
function exowatch(args: string[], env: Record<string, string> = {}) {
  return execFileSync('npx', ['--no-install', 'exowatch', ...args], {
    cwd: app,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

beforeAll(async () => {
  if (!existsSync(join(COLLECTOR, 'dist', 'src', 'cli', 'main.js'))) {
    throw new Error('collector/dist is missing: run `npm run build -w collector` first');
  }
  // Readable by all: as root, the embedded PostgreSQL runs as the postgres user and must reach its
  // binaries under node_modules (mkdtemp makes 0700 folders).
  work = mkdtempSync(join(tmpdir(), 'exowatch-pack-'));
  chmodSync(work, 0o755);
  app = join(work, 'app');
  mkdirSync(app, { mode: 0o755 });
  [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: COLLECTOR, encoding: 'utf8' }),
  );
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed.filename)],
    {
      cwd: app,
      stdio: 'ignore',
      timeout: 300_000,
    },
  );
  cluster = await startTestCluster();
}, 400_000);

afterAll(async () => {
  for (const dir of dataDirs) await removeEmbeddedDatabase(dir);
  await cluster?.destroy();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the exowatch npm package', () => {
  it('is the public package `exowatch` with the `exowatch` command', () => {
    expect(manifest.name).toBe('exowatch');
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.bin)).toEqual(['exowatch']);
    expect(packed.filename).toBe(`exowatch-${manifest.version}.tgz`);
  });

  it('ships the runtime only: the command, the compiled code and its SQL migrations', () => {
    const paths = packed.files.map((f) => f.path).sort();
    const unexpected = paths.filter(
      (p) => !/^(package\.json|README\.md|LICENSE|bin\/exowatch\.js|dist\/src\/.+\.(js|sql))$/.test(p),
    );
    expect(unexpected).toEqual([]);
    expect(paths).toContain('dist/src/cli/main.js');
    expect(paths.some((p) => /^dist\/src\/store\/migrations\/.+\.sql$/.test(p))).toBe(true);
    expect(paths.filter((p) => /\.test\.|\/bench\/|^src\/|^test\//.test(p))).toEqual([]);
  });

  it('installs into an empty folder and reports its version', () => {
    expect(existsSync(join(app, 'node_modules', '.bin', 'exowatch'))).toBe(true);
    expect(exowatch(['--version']).trim()).toBe(manifest.version);
  });

  it('migrate creates the schema in an empty database', async () => {
    const databaseUrl = await cluster.freshDatabase();
    expect(exowatch(['migrate'], { DATABASE_URL: databaseUrl })).toMatch(/^schema is up to date/m);
    // Run again: nothing left to do, same answer.
    expect(exowatch(['migrate'], { DATABASE_URL: databaseUrl })).toMatch(/^schema is up to date/m);
  });

  it('doctor checks the configuration and the database', async () => {
    const databaseUrl = await cluster.freshDatabase();
    const report = exowatch(['doctor'], {
      DATABASE_URL: databaseUrl,
      EXOWATCH_DATA_DIR: join(work, 'doctor'),
    });
    expect(report).toMatch(/^ok\s+configuration/m);
    expect(report).toMatch(/^ok\s+database/m);
    expect(report).toMatch(/^ok\s+exotel: no account configured: `exowatch serve` runs in demo mode/m);
  });

  it('serve runs demo mode (embedded PostgreSQL, simulated account) and answers its API', async () => {
    const dataDir = join(work, 'demo-data');
    dataDirs.push(dataDir);
    // The bin npm linked, run directly so SIGTERM reaches the collector itself (npx would sit between).
    const child = spawn(join(app, 'node_modules', '.bin', 'exowatch'), ['serve'], {
      cwd: app,
      env: { ...process.env, DATABASE_URL: '', EXOWATCH_DATA_DIR: dataDir, EXOWATCH_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let output = '';
      const banner = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner in 120 s:\n${output}`)), 120_000);
        const read = (chunk: Buffer) => {
          output += chunk.toString();
          if (/Admin token:\s+\S+/.test(output)) {
            clearTimeout(timer);
            resolve(output);
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`serve exited (${code}):\n${output}`)));
      });
      expect(banner).toMatch(/running in DEMO mode/);
      expect(banner).toMatch(/embedded PostgreSQL/);
      const api = /API:\s+(http:\/\/\S+\/api\/v1)/.exec(banner)![1]!;
      const token = /Viewer token:\s+(\S+)/.exec(banner)![1]!;
      const metrics = await fetch(`${api}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
      expect(metrics.status).toBe(200);
      expect(((await metrics.json()) as { metrics: unknown[] }).metrics.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 200_000);
});
