import type {
  AgentsResponse,
  AnnotationsResponse,
  ExoPhonesResponse,
  FlowsResponse,
  MetricInfo,
  MetricsResponse,
} from '@exowatch/contract';
import express, { Router } from 'express';
import type { Pool } from 'pg';
import { listAnnotations } from '../query/annotations';
import { listAgents, listExoPhones, listFlows } from '../query/dimensions';
import { runQuery } from '../engine/engine';
import type { FamilyRegistry } from '../engine/registry';
import { builtinFamilies, type QueryContext } from '../query/families';
import { QueryError } from '../engine/spec';
import { parseInstant } from '../tags/target';
import { jsonHandler } from './handle';
import { jsonBodyErrors } from './tagsRoutes';

export interface QueryRouterOptions extends QueryContext {
  pool: Pool;
  /** The business time zone (the account's), used when a query names none. */
  defaultTimeZone: string;
  now?: () => Date;
  /** The metric families answered. Default: the built-in ones. */
  families?: FamilyRegistry;
}

const handle = jsonHandler('query API', [QueryError]);

/** Parses a POST /api/v1/query body (the app parses it early to choose the request's query lane). */
export const queryBody = express.json({ limit: '32kb' });

type VariableLists = ExoPhonesResponse & AgentsResponse & FlowsResponse;

/** The variable endpoints: GET /api/v1/<name> answers `{"<name>": [...]}`, read fresh each time. */
const VARIABLE_LISTS: { [name in keyof VariableLists]: (pool: Pool) => Promise<VariableLists[name]> } = {
  exophones: listExoPhones,
  agents: listAgents,
  flows: listFlows,
};

function instant(q: unknown, name: string): Date {
  if (typeof q !== 'string') throw new QueryError(`${name} is required (ISO 8601 or epoch ms)`);
  const parsed = parseInstant(q);
  if (!parsed.ok) throw new QueryError(`${name}: ${parsed.error}`);
  return parsed.value;
}

/** POST /api/v1/query, GET /api/v1/metrics, /annotations and the variable endpoints (viewer token). */
export function queryRouter(options: QueryRouterOptions): Router {
  const { pool } = options;
  const now = options.now ?? (() => new Date());
  const families = options.families ?? builtinFamilies(options);
  const router = Router();
  router.post(
    '/api/v1/query',
    queryBody,
    handle(async (req, res) => {
      res.json(await runQuery(pool, req.body, families, { defaultTimeZone: options.defaultTimeZone, now }));
    }),
  );
  router.get('/api/v1/metrics', (_req, res) => {
    res.json({
      metrics: families.metrics.map((m): MetricInfo => ({
        name: m.name,
        title: m.title,
        description: m.description,
        formula: m.formula,
        unit: m.unit,
        source: m.source,
        groupBy: families.groupByOf(m),
      })),
    } satisfies MetricsResponse);
  });
  router.get(
    '/api/v1/annotations',
    handle(async (req, res) => {
      const from = instant(req.query.from, 'from');
      const to = instant(req.query.to, 'to');
      if (!(from < to)) throw new QueryError('from must be before to');
      res.json({ annotations: await listAnnotations(pool, from, to, now()) } satisfies AnnotationsResponse);
    }),
  );
  for (const name of Object.keys(VARIABLE_LISTS) as (keyof VariableLists)[]) {
    router.get(
      `/api/v1/${name}`,
      handle(async (_req, res) => {
        res.json({ [name]: await VARIABLE_LISTS[name](pool) });
      }),
    );
  }
  router.use(jsonBodyErrors);
  return router;
}
