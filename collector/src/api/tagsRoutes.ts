import type {
  TagHistoryResponse,
  TagKeysResponse,
  TagListResponse,
  TagValuesResponse,
} from '@exowatch/contract';
import express, { Router, type ErrorRequestHandler } from 'express';
import type { Pool } from 'pg';
import { actorOf } from '../audit/actor';
import { importTagCsv } from '../tags/importFile';
import { MAX_IMPORT_BYTES } from '../tags/importRows';
import { applyTagChanges, listTags, tagHistory, tagKeys, TagError, tagValues } from '../tags/store';
import { checkKey, checkValue, parseInstant, parseTarget, RESERVED_KEYS } from '../tags/target';
import { requireToken } from './auth';
import { jsonHandler } from './handle';

export interface TagsRouterOptions {
  pool: Pool;
  /** EXOWATCH_ADMIN_TOKEN: needed for writes (reads are covered by the /api/v1 viewer check). */
  adminToken: string;
  now?: () => Date;
}

class BadRequest extends Error {}

function ok<T>(c: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!c.ok) throw new BadRequest(c.error);
  return c.value;
}

function text(q: unknown, name: string, max = 200): string | undefined {
  if (q === undefined) return undefined;
  if (typeof q !== 'string' || q.length > max)
    throw new BadRequest(`${name} must be a single value of at most ${max} characters`);
  return q;
}

function int(q: unknown, name: string, dflt: number, max: number): number {
  const s = text(q, name, 10);
  if (s === undefined) return dflt;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new BadRequest(`${name} must be an integer between 0 and ${max}`);
  return n;
}

/** 400/404/409 with a message for known errors, 500 (logged) otherwise. */
const handle = jsonHandler('tags API', [BadRequest, TagError]);

/** Body-parser failures as JSON 4xx (malformed JSON, body too large) instead of Express's HTML page. */
export const jsonBodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
  if (error.type === 'entity.parse.failed') res.status(400).json({ error: 'request body is not valid JSON' });
  else if (error.type === 'entity.too.large') res.status(413).json({ error: 'request body is too large' });
  else next(error);
};

/** /api/v1/tags: list, keys and values, per-target tags and history; set and close (admin). */
export function tagsRouter(options: TagsRouterOptions): Router {
  const { pool } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  const admin = requireToken(options.adminToken);
  const at = (q: unknown) => {
    const s = text(q, 'at', 40);
    return s === undefined ? now() : ok(parseInstant(s));
  };
  const target = (s: string) => ok(parseTarget(s));

  router.get(
    '/api/v1/tags',
    handle(async (req, res) => {
      const key = text(req.query.key, 'key', 50);
      const t = text(req.query.target, 'target', 80);
      const result = await listTags(pool, {
        at: at(req.query.at),
        ...(key !== undefined ? { key: ok(checkKey(key)) } : {}),
        ...(t !== undefined ? { target: target(t) } : {}),
        ...(req.query.search !== undefined ? { search: text(req.query.search, 'search', 100)! } : {}),
        limit: int(req.query.limit, 'limit', 100, 1000),
        offset: int(req.query.offset, 'offset', 0, 1_000_000),
      });
      res.json(result satisfies TagListResponse);
    }),
  );
  router.get(
    '/api/v1/tags/keys',
    handle(async (_req, res) => {
      res.json({ keys: await tagKeys(pool), reserved: [...RESERVED_KEYS] } satisfies TagKeysResponse);
    }),
  );
  router.get(
    '/api/v1/tags/keys/:key/values',
    handle(async (req, res) => {
      res.json({
        values: await tagValues(pool, ok(checkKey(String(req.params.key)))),
      } satisfies TagValuesResponse);
    }),
  );
  router.get(
    '/api/v1/tags/targets/:target',
    handle(async (req, res) => {
      const t = target(String(req.params.target));
      const { items } = await listTags(pool, { target: t, at: at(req.query.at), limit: 1000, offset: 0 });
      res.json({ target: t, tags: items });
    }),
  );
  router.get(
    '/api/v1/tags/targets/:target/history',
    handle(async (req, res) => {
      const key = text(req.query.key, 'key', 50);
      const t = target(String(req.params.target));
      res.json({
        target: t,
        history: await tagHistory(pool, t, key === undefined ? undefined : ok(checkKey(key))),
      } satisfies TagHistoryResponse);
    }),
  );
  router.put(
    '/api/v1/tags/targets/:target/:key',
    admin,
    express.json({ limit: '8kb' }),
    handle(async (req, res) => {
      const body: unknown = req.body;
      if (
        typeof body !== 'object' ||
        body === null ||
        typeof (body as { value?: unknown }).value !== 'string'
      ) {
        throw new BadRequest('body must be JSON {"value": "...", "validFrom"?: "ISO 8601"}');
      }
      const { value, validFrom } = body as { value: string; validFrom?: unknown };
      if (validFrom !== undefined && typeof validFrom !== 'string')
        throw new BadRequest('validFrom must be an ISO 8601 string');
      const change = {
        target: target(String(req.params.target)),
        key: ok(checkKey(String(req.params.key))),
        value: ok(checkValue(value)),
        at: validFrom === undefined ? now() : ok(parseInstant(validFrom)),
      };
      const changed = await applyTagChanges(pool, [change], (count) =>
        count > 0
          ? {
              actor: actorOf(req.headers),
              via: 'api',
              action: 'tag.set',
              subject: change.target,
              summary: { key: change.key, value: change.value, validFrom: change.at.toISOString() },
            }
          : null,
      );
      res
        .status(changed ? 201 : 200)
        .json({ changed: changed > 0, tag: { ...change, at: change.at.toISOString() } });
    }),
  );
  router.post(
    '/api/v1/tags/import',
    admin,
    express.json({ limit: MAX_IMPORT_BYTES }),
    handle(async (req, res) => {
      const body: unknown = req.body;
      const { csv, dryRun } = (typeof body === 'object' && body !== null ? body : {}) as {
        csv?: unknown;
        dryRun?: unknown;
      };
      if (typeof csv !== 'string' || (dryRun !== undefined && typeof dryRun !== 'boolean'))
        throw new BadRequest(
          'body must be JSON {"csv": "target,key,value[,valid_from]\\n...", "dryRun"?: true}',
        );
      const report = await importTagCsv(pool, csv, {
        dryRun: dryRun === true,
        now: now(),
        audit: (summary) => ({
          actor: actorOf(req.headers),
          via: 'api',
          action: 'tag.import',
          subject: null,
          summary,
        }),
      });
      if (report.errors.length > 0) {
        const [first] = report.errors;
        res.status(report.conflict ? 409 : 400).json({
          error: report.conflict
            ? `row ${first!.row}: ${first!.error}`
            : `${report.errors.length} invalid row(s) of ${report.rows}: nothing was written`,
          errors: report.errors,
        });
      } else if (report.dryRun) {
        res.json({ dryRun: true, rows: report.rows, changes: report.changes });
      } else {
        res.json({ dryRun: false, rows: report.rows, written: report.written });
      }
    }),
  );
  router.delete(
    '/api/v1/tags/targets/:target/:key',
    admin,
    handle(async (req, res) => {
      const change = {
        target: target(String(req.params.target)),
        key: ok(checkKey(String(req.params.key))),
        value: null,
        at: at(req.query.at),
      };
      await applyTagChanges(pool, [change], () => ({
        actor: actorOf(req.headers),
        via: 'api',
        action: 'tag.close',
        subject: change.target,
        summary: { key: change.key, at: change.at.toISOString() },
      }));
      res.json({ closed: true, at: change.at.toISOString() });
    }),
  );
  router.use(jsonBodyErrors);
  return router;
}
