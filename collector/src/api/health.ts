import type { HealthReport } from '@exowatch/contract';
import { Router } from 'express';
import type { Pool } from 'pg';
import { serverInfo } from '../store/db';
import { readAllSyncStates } from '../store/syncState';
import { timescaleStatus } from '../store/timescale';

/** A sync that has not moved for this long counts as stalled. */
const STALLED_AFTER_SECONDS = 10 * 60;

export async function collectHealth(
  pool: Pool,
  accountSids: readonly string[],
  version: string,
): Promise<HealthReport> {
  try {
    const [server, timescale, states] = await Promise.all([
      serverInfo(pool),
      timescaleStatus(pool),
      readAllSyncStates(pool),
    ]);
    const now = Date.now();
    const accounts = accountSids.map((accountSid) => {
      const state = states.find((s) => s.accountSid === accountSid);
      return {
        accountSid,
        syncedUntil: state?.syncedUntil?.toISOString() ?? null,
        lagSeconds: state?.syncedUntil ? Math.round((now - state.syncedUntil.getTime()) / 1000) : null,
        lastSuccessAt: state?.lastSuccessAt?.toISOString() ?? null,
        lastError: state?.lastError ?? null,
      };
    });
    const stalled = accounts.some((a) => a.lagSeconds === null || a.lagSeconds > STALLED_AFTER_SECONDS);
    return {
      status: stalled ? 'degraded' : 'ok',
      version,
      database: { ok: true, serverVersion: server.version, timescaledb: timescale.installedVersion },
      accounts,
    };
  } catch (error) {
    return {
      status: 'degraded',
      version,
      database: { ok: false, error: (error as Error).message },
      accounts: [],
    };
  }
}

export function healthRouter(pool: Pool, accountSids: readonly string[], version: string): Router {
  const router = Router();
  router.get('/api/v1/health', async (_req, res) => {
    const report = await collectHealth(pool, accountSids, version);
    res.status(report.database.ok ? 200 : 503).json(report);
  });
  return router;
}
