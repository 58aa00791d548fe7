import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** scripts/copy-assets.mjs, the last step of the collector's build, run in a scratch collector folder. */
const SCRIPT = join(__dirname, '..', '..', 'scripts', 'copy-assets.mjs');

describe('the build leaves dist/ as the sources say', () => {
  let collector: string;
  beforeEach(() => {
    collector = mkdtempSync(join(tmpdir(), 'exowatch-assets-'));
  });
  afterEach(() => rmSync(collector, { recursive: true, force: true }));

  const write = (path: string, text = '') => {
    mkdirSync(join(collector, path, '..'), { recursive: true });
    writeFileSync(join(collector, path), text);
  };

  it('as a clean set: a migration renamed since the last build does not survive in dist/', () => {
    write('src/store/migrations/001_calls.sql', 'CREATE TABLE calls ();');
    write('src/store/migrations/002_renamed.sql', 'SELECT 2;');
    write('dist/src/store/migrations/001_calls.sql', 'stale');
    write('dist/src/store/migrations/002_old_name.sql', 'SELECT 2;');
    write('src/cli/main.ts', 'export {};');
    write('dist/src/cli/main.js', '');

    const run = spawnSync(process.execPath, [SCRIPT], { cwd: collector, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    const migrations = join(collector, 'dist/src/store/migrations');
    expect(readdirSync(migrations).sort()).toEqual(['001_calls.sql', '002_renamed.sql']);
    expect(statSync(join(migrations, '001_calls.sql')).size).toBe('CREATE TABLE calls ();'.length);
    expect(statSync(join(collector, 'dist/src/cli/main.js')).mode & 0o111).toBe(0o111);
  });

  it('keeps a migration written in TypeScript as tsc compiled it, without its source or its old SQL file', () => {
    write('src/store/migrations/001_calls.sql', 'CREATE TABLE calls ();');
    write('src/store/migrations/002_built.ts', 'export const sql = "SELECT 2;";');
    write('dist/src/store/migrations/002_built.sql', 'SELECT 2;');
    for (const compiled of ['002_built.js', '002_built.js.map', '002_built.d.ts', '003_removed.js'])
      write(`dist/src/store/migrations/${compiled}`);

    const run = spawnSync(process.execPath, [SCRIPT], { cwd: collector, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);

    expect(readdirSync(join(collector, 'dist/src/store/migrations')).sort()).toEqual([
      '001_calls.sql',
      '002_built.d.ts',
      '002_built.js',
      '002_built.js.map',
    ]);
  });

  it('drops what tsc compiled from a source since moved or removed, keeping the rest', () => {
    write('src/engine/engine.ts', 'export {};');
    write('src/cli/main.ts', 'export {};');
    write('src/store/migrations/001_calls.sql', 'CREATE TABLE calls ();');
    for (const compiled of ['engine.js', 'engine.js.map', 'engine.d.ts'])
      write(`dist/src/engine/${compiled}`);
    for (const compiled of ['engine.js', 'engine.js.map', 'engine.d.ts']) write(`dist/src/query/${compiled}`);
    write('dist/src/cli/main.js');

    const run = spawnSync(process.execPath, [SCRIPT], { cwd: collector, encoding: 'utf8' });
    expect(run.status).toBe(0);

    const listed = (folder: string) =>
      readdirSync(join(collector, folder), { recursive: true }).map(String).sort();
    expect(listed('dist/src')).toEqual(
      [
        'cli',
        'cli/main.js',
        'engine',
        'engine/engine.d.ts',
        'engine/engine.js',
        'engine/engine.js.map',
        'store',
        'store/migrations',
        'store/migrations/001_calls.sql',
      ].sort(),
    );
  });
});
