import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listMigrations, migrationChecksum } from './migrate';
import { RELEASED_MIGRATIONS } from './releasedMigrations';

describe('released migrations (releasedMigrations.ts)', () => {
  const migrations = listMigrations();
  const recorded = RELEASED_MIGRATIONS;

  it.each(migrations.map((m) => [m.version, m.sql]))('%s is the SQL it was released with', (version, sql) => {
    const checksum = migrationChecksum(sql);
    if (recorded[version] === undefined) {
      throw new Error(
        `migration ${version} has no recorded checksum: once it is final, record '${version}': '${checksum}' in releasedMigrations.ts`,
      );
    }
    if (recorded[version] !== checksum) {
      throw new Error(
        `migration ${version} no longer generates the SQL it was released with (a change to it or to the migrationSql/ builders): released migrations must not change; add a new migration instead`,
      );
    }
  });

  it('records only the migrations there are', () => {
    expect(Object.keys(recorded)).toEqual(migrations.map((m) => m.version));
  });
});

describe('listMigrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'exowatch-migrations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads SQL files and compiled modules in order, and nothing else tsc writes', () => {
    writeFileSync(join(dir, '001_first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '002_built.js'), 'exports.sql = "SELECT 2;";');
    for (const other of ['002_built.d.ts', '002_built.js.map', 'notes.md'])
      writeFileSync(join(dir, other), '');
    expect(listMigrations(dir)).toEqual([
      { version: '001_first', sql: 'SELECT 1;' },
      { version: '002_built', sql: 'SELECT 2;' },
    ]);
  });

  it('refuses a version written twice (a stale SQL file beside its module)', () => {
    writeFileSync(join(dir, '001_first.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '001_first.js'), 'exports.sql = "SELECT 1;";');
    expect(() => listMigrations(dir)).toThrow('migration 001_first is in');
  });
});
