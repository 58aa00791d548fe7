import express, { type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import { requireToken } from './auth';
import type { QuerySlots } from './querySlots';

export interface AppParts {
  /** The webhook endpoints (they carry their own secret), mounted first: the hot path skips routing. */
  webhooks?: RequestHandler;
  /** Routers mounted after the token check of /api/v1. */
  routers: Router[];
  metrics: Registry;
  /** Tokens that may read /api/v1 (the viewer token and the admin token). */
  readTokens: string[];
  /** Bounds the /api/v1 requests served at once (the rest wait); unbounded without. */
  querySlots?: QuerySlots;
}

/** Serves a request once it holds one of `slots`, given back when its response is done or abandoned. */
function waitForSlot(slots: QuerySlots): RequestHandler {
  return (_req, res, next) => {
    let gone = false;
    res.once('close', () => (gone = true));
    void slots.acquire().then((release) => {
      if (gone) return release();
      res.once('close', release);
      next();
    });
  };
}

/**
 * The collector's HTTP surface. `/healthz` is a liveness probe without auth (for Docker and load
 * balancers); `/metrics` is for Prometheus; everything under /api/v1 needs a token.
 */
export function createApp(parts: AppParts): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  if (parts.webhooks) app.use(parts.webhooks);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'alive' });
  });
  app.get('/metrics', async (_req, res) => {
    res.set('Content-Type', parts.metrics.contentType);
    res.send(await parts.metrics.metrics());
  });
  app.use('/api/v1', requireToken(...parts.readTokens));
  if (parts.querySlots) app.use('/api/v1', waitForSlot(parts.querySlots));
  for (const router of parts.routers) app.use(router);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
