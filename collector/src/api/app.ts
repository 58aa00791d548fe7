import express, { type RequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import { requireToken } from './auth';
import { laneOf, type QueryLanes } from './queryLanes';
import { queryBody } from './queryRoutes';
import { jsonBodyErrors } from './tagsRoutes';

export interface AppParts {
  /** The webhook endpoints (they carry their own secret), mounted first: the hot path skips routing. */
  webhooks?: RequestHandler;
  /** Routers mounted after the token check of /api/v1. */
  routers: Router[];
  metrics: Registry;
  /** Tokens that may read /api/v1 (the viewer token and the admin token). */
  readTokens: string[];
  /** Bounds the /api/v1 requests served at once, per lane (the rest wait); unbounded without. */
  queryLanes?: QueryLanes;
}

/**
 * Serves a request once it holds a slot of its lane (by its path and the range it asks about: a GET's
 * query, a query's body), given back when its response is done or abandoned. The lane is left in
 * `res.locals.lane` for the handler that serves it.
 */
function waitForSlot(lanes: QueryLanes): RequestHandler {
  return (req, res, next) => {
    let gone = false;
    res.once('close', () => (gone = true));
    const range = req.method === 'GET' ? req.query : ((req.body as object | undefined) ?? {});
    const lane = laneOf(req.baseUrl + req.path, range);
    res.locals.lane = lane;
    void lanes[lane].acquire().then((release) => {
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
  if (parts.queryLanes) {
    // The query's body is read while it waits, and tells its lane.
    app.use('/api/v1/query', queryBody);
    app.use('/api/v1', waitForSlot(parts.queryLanes));
  }
  for (const router of parts.routers) app.use(router);
  app.use(jsonBodyErrors);
  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });
  return app;
}
