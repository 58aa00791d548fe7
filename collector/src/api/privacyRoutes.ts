import express, { Router } from 'express';
import type { Pool } from 'pg';
import { actorOf } from '../audit/actor';
import { PrivacyError } from '../privacy/number';
import { eraseNumber, reportNumber } from '../privacy/requests';
import { requireToken } from './auth';
import { jsonHandler } from './handle';
import { jsonBodyErrors } from './tagsRoutes';

export interface PrivacyRouterOptions {
  pool: Pool;
  /** EXOWATCH_ADMIN_TOKEN: every privacy route needs it (they read and change numbers in clear). */
  adminToken: string;
  /** The webhook journal folder (`<dataDir>/journal`), searched for the number too. */
  journalDir: string;
  now?: () => Date;
}

const handle = jsonHandler('privacy API', [PrivacyError]);

/** The number and dry-run flag of a request body; the number travels in the body, never in a URL that logs keep. */
function requestOf(body: unknown): { number: string; dryRun: boolean } {
  const { number, dryRun } = (typeof body === 'object' && body !== null ? body : {}) as {
    number?: unknown;
    dryRun?: unknown;
  };
  if (
    typeof number !== 'string' ||
    number.length > 40 ||
    (dryRun !== undefined && typeof dryRun !== 'boolean')
  )
    throw new PrivacyError('body must be JSON {"number": "+91…", "dryRun"?: true}');
  return { number, dryRun: dryRun === true };
}

/** POST /api/v1/privacy/report and /api/v1/privacy/erase (admin): docs/api.md "Privacy requests". */
export function privacyRouter(options: PrivacyRouterOptions): Router {
  const { pool, journalDir } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  const admin = requireToken(options.adminToken);
  const json = express.json({ limit: '1kb' });
  router.post(
    '/api/v1/privacy/report',
    admin,
    json,
    handle(async (req, res) => {
      const { number } = requestOf(req.body);
      res.json(await reportNumber(pool, journalDir, number, { actor: actorOf(req.headers), via: 'api' }));
    }),
  );
  router.post(
    '/api/v1/privacy/erase',
    admin,
    json,
    handle(async (req, res) => {
      const { number, dryRun } = requestOf(req.body);
      res.json(
        await eraseNumber(pool, journalDir, number, {
          dryRun,
          by: { actor: actorOf(req.headers), via: 'api' },
          now: now(),
        }),
      );
    }),
  );
  router.use('/api/v1/privacy', jsonBodyErrors);
  return router;
}
