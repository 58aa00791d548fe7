import type { OpenCallback, OpenCallbacksResponse } from '@exowatch/contract';
import { Router } from 'express';
import type { Pool } from 'pg';
import { maskNumber } from '../callbacks/mask';
import { listWaitingCalls } from '../callbacks/waiting';
import { QueryError } from '../engine/spec';
import { carriesToken } from './auth';
import { jsonHandler } from './handle';

export interface CallbacksRouterOptions {
  pool: Pool;
  /** EXOWATCH_ADMIN_TOKEN: only a request carrying it sees whole customer numbers. */
  adminToken: string;
  now?: () => Date;
}

const MAX_LIMIT = 5000;
const handle = jsonHandler('callbacks API', [QueryError]);

function limitOf(q: unknown): number {
  if (q === undefined) return 500;
  const n = typeof q === 'string' && /^\d{1,5}$/.test(q) ? Number(q) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new QueryError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
  return n;
}

function teamOf(q: unknown): string | undefined {
  if (q === undefined) return undefined;
  if (typeof q !== 'string' || q.length === 0 || q.length > 200)
    throw new QueryError('team must be a single value of 1 to 200 characters');
  return q;
}

/**
 * GET /api/v1/callbacks/open (viewer token): the missed calls waiting for a callback now, soonest
 * window end first. Customer numbers are masked to their last 4 digits unless the admin token was used:
 * a wall screen must not undo Exotel's number masking.
 */
export function callbacksRouter(options: CallbacksRouterOptions): Router {
  const now = options.now ?? (() => new Date());
  const router = Router();
  router.get(
    '/api/v1/callbacks/open',
    handle(async (req, res) => {
      const team = teamOf(req.query.team);
      const waiting = await listWaitingCalls(options.pool, now().getTime(), {
        limit: limitOf(req.query.limit),
        ...(team !== undefined ? { team } : {}),
      });
      const admin = carriesToken(req.headers.authorization, options.adminToken);
      const callbacks = waiting.map((w): OpenCallback => ({
        ...w,
        customer: admin ? (w.customer ?? '') : maskNumber(w.customer),
      }));
      res.json({ callbacks } satisfies OpenCallbacksResponse);
    }),
  );
  return router;
}
