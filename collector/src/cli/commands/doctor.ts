import type { Command } from 'commander';
import { createPool, serverInfo } from '../../store/db';
import { embeddedClusterFolder } from '../../store/embedded';
import { listMigrations } from '../../store/migrate';
import { planTimescale, timescaleStatus, type TimescaleStatus } from '../../store/timescale';
import { createExotelClient } from '../../runtime/exotelClients';
import { configFor, type GlobalOptions } from '../context';
import type { ExowatchConfig } from '../../config/load';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** More than this much difference between this machine's clock and the database's is reported. */
const MAX_CLOCK_SKEW_MS = 5_000;

async function checkDatabase(config: ExowatchConfig): Promise<Check[]> {
  if (!config.databaseUrl) {
    return [
      {
        name: 'database',
        ok: true,
        detail: `no DATABASE_URL: \`exowatch serve\` starts the embedded PostgreSQL in ${embeddedClusterFolder(config.dataDir)}`,
      },
    ];
  }
  const pool = createPool(config.databaseUrl, { max: 1, connectionTimeoutMillis: 5000 });
  try {
    const before = Date.now();
    const server = await serverInfo(pool);
    const skew = server.now.getTime() - (before + Date.now()) / 2;
    const timescale = await timescaleStatus(pool);
    const applied = await pool
      .query<{ version: string }>('SELECT version FROM schema_migrations')
      .then((r) => new Set(r.rows.map((row) => row.version)))
      .catch(() => new Set<string>());
    const pending = listMigrations()
      .filter((m) => !applied.has(m.version))
      .map((m) => m.version);
    return [
      { name: 'database', ok: true, detail: `PostgreSQL ${server.version} reachable` },
      {
        name: 'schema',
        ok: true,
        detail:
          pending.length === 0
            ? 'up to date'
            : `${pending.length} migration(s) to apply (${pending.join(', ')}): run \`exowatch migrate\` or start the collector`,
      },
      timescaleCheck(timescale),
      {
        name: 'clock',
        ok: Math.abs(skew) <= MAX_CLOCK_SKEW_MS,
        detail: `this machine and the database differ by ${Math.round(skew)} ms${Math.abs(skew) > MAX_CLOCK_SKEW_MS ? ': fix NTP, sync windows depend on the clock' : ''}`,
      },
    ];
  } catch (error) {
    return [
      {
        name: 'database',
        ok: false,
        detail: `cannot reach ${redactUrl(config.databaseUrl)}: ${(error as Error).message}`,
      },
    ];
  } finally {
    await pool.end();
  }
}

function timescaleCheck(status: TimescaleStatus): Check {
  const plan = planTimescale(status);
  if (plan.use === 'refuse') return { name: 'timescaledb', ok: false, detail: plan.message };
  if (plan.use === 'plain') {
    return {
      name: 'timescaledb',
      ok: true,
      detail:
        plan.reason === 'not preloaded'
          ? plan.message
          : 'not available: plain PostgreSQL tables are used (fine; install TimescaleDB for compression and retention)',
    };
  }
  return {
    name: 'timescaledb',
    ok: true,
    detail: status.installedVersion
      ? `extension ${status.installedVersion} installed and preloaded`
      : 'available and preloaded, will be enabled at start-up',
  };
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

async function checkAccounts(config: ExowatchConfig): Promise<Check[]> {
  if (config.accounts.length === 0) {
    return [
      {
        name: 'exotel',
        ok: true,
        detail: 'no account configured: `exowatch serve` runs in demo mode against the built-in simulator',
      },
    ];
  }
  return Promise.all(
    config.accounts.map(async (account): Promise<Check> => {
      const client = createExotelClient(account);
      const now = new Date();
      try {
        const pages = client.callPages(
          { from: new Date(now.getTime() - 3_600_000), to: now },
          { pageSize: 1 },
        );
        await pages.next();
        return {
          name: `account ${account.sid}`,
          ok: true,
          detail: `credentials accepted by ${account.baseUrl} (time zone ${account.timeZone})`,
        };
      } catch (error) {
        return { name: `account ${account.sid}`, ok: false, detail: (error as Error).message };
      } finally {
        client.close();
      }
    }),
  );
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check the configuration, database, TimescaleDB, Exotel credentials and the clock')
    .action(async (_options, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const checks: Check[] = [
        {
          name: 'configuration',
          ok: true,
          detail: config.source ? `read from ${config.source}` : 'from the environment',
        },
        {
          name: 'time zone',
          ok: true,
          detail: `machine ${zone}; account times are read in ${[...new Set(config.accounts.map((a) => a.timeZone))].join(', ') || 'Asia/Kolkata'}; stored in UTC`,
        },
        ...(await checkDatabase(config)),
        ...(await checkAccounts(config)),
      ];
      for (const check of checks) console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
      if (checks.some((c) => !c.ok)) process.exitCode = 1;
    });
}
