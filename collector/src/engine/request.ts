import type { QueryRequestBody } from '@exowatch/contract';
import { z } from 'zod';
import { checkKey, parseInstant, parseTarget } from '../tags/target';
import { bucketStarts, INTERVAL_NAMES, isValidTimeZone, parseInterval } from '../querykit/buckets';
import { SL_THRESHOLDS } from '../rollups/facts';
import { BUILTIN_NAMES, type BuiltinName, type Dimension } from '../querykit/sql';
import type { MetricFamily, ValueCheck } from './family';
import type { MetricDef } from './metrics';
import type { FamilyRegistry } from './registry';
import { QueryError, type QuerySpec } from './spec';

/** What POST /api/v1/query accepts (docs/api.md). */
const requestSchema = z.strictObject({
  refId: z.string().max(64).optional(),
  from: z.union([z.string().max(40), z.number()]),
  to: z.union([z.string().max(40), z.number()]),
  interval: z.string().max(8),
  timeZone: z.string().max(64).optional(),
  metric: z.string().max(40),
  groupBy: z.array(z.string().max(50)).max(3).optional(),
  filters: z
    .array(
      z.strictObject({
        key: z.string().max(50),
        op: z.enum(['in', 'not_in']).optional(),
        values: z.array(z.string().max(200)).min(1).max(200),
      }),
    )
    .max(10)
    .optional(),
  serviceLevel: z
    .strictObject({
      defaultSeconds: z.number().int().optional(),
      teamKey: z.string().max(50).optional(),
      byTeam: z.record(z.string().max(200), z.number().int()).optional(),
    })
    .optional(),
});

/** True only when A and B are the same type (not merely assignable: an extra optional field counts). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** Fails to compile when the schema and the contract's QueryRequestBody (what the plugin sends) drift apart. */
export type RequestSchemaIsTheContract<
  T extends true = Same<z.input<typeof requestSchema>, QueryRequestBody>,
> = T;

const MAX_RANGE_MS = 400 * 86_400_000;

/** Value checks families use for their built-in dimensions. */
export const targetValues =
  (name: string): ValueCheck =>
  (values) =>
    values.map((v) => {
      const target = parseTarget(v);
      if (!target.ok || target.value.startsWith('flow:'))
        throw new QueryError(`${name} filter: ${v.slice(0, 40)} is not a phone number`);
      return target.value;
    });

export const flowValues: ValueCheck = (values) =>
  values.map((v) => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(v))
      throw new QueryError(`flow filter: ${v.slice(0, 40)} is not a flow id`);
    return v;
  });

export const oneOf =
  (name: string, allowed: readonly string[]): ValueCheck =>
  (values) => {
    for (const v of values)
      if (!allowed.includes(v)) throw new QueryError(`${name} must be one of ${allowed.join(', ')}`);
    return values;
  };

interface Parsed {
  dimension: Dimension;
  check?: ValueCheck;
}

function dimension(name: string, metric: MetricDef, family: MetricFamily): Parsed {
  const checks = family.dimensions(metric);
  const check = (checks as Record<string, ValueCheck | undefined>)[name];
  if (check) return { dimension: { kind: 'builtin', name: name as BuiltinName }, check };
  if ((BUILTIN_NAMES as readonly string[]).includes(name)) {
    const builtin = name as BuiltinName;
    throw new QueryError(
      family.refuse?.(builtin, metric) ?? `${name} does not apply to the ${metric.name} metric`,
    );
  }
  const key = checkKey(name);
  if (!key.ok) throw new QueryError(`group-by/filter key: ${key.error}`);
  return { dimension: { kind: 'tag', key: key.value } };
}

/** Validates a request (everything but whether tag keys exist, which needs the database). */
export function parseQueryRequest(
  body: unknown,
  defaultTimeZone: string,
  registry: FamilyRegistry,
): QuerySpec {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new QueryError(`invalid request: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const req = parsed.data;
  const metric = registry.find(req.metric);
  if (!metric)
    throw new QueryError(
      `unknown metric "${req.metric.slice(0, 40)}"; known: ${registry.metrics.map((m) => m.name).join(', ')}`,
    );
  const family = registry.familyOf(metric);
  const from = parseInstant(req.from);
  const to = parseInstant(req.to);
  if (!from.ok) throw new QueryError(`from: ${from.error}`);
  if (!to.ok) throw new QueryError(`to: ${to.error}`);
  const fromMs = from.value.getTime();
  const toMs = to.value.getTime();
  if (!(fromMs < toMs)) throw new QueryError('from must be before to');
  if (toMs - fromMs > MAX_RANGE_MS) throw new QueryError('the range is longer than 400 days');
  const interval = parseInterval(req.interval);
  if (!interval)
    throw new QueryError(`unknown interval "${req.interval}"; use one of ${INTERVAL_NAMES.join(', ')}`);
  const timeZone = req.timeZone ?? defaultTimeZone;
  if (!isValidTimeZone(timeZone)) throw new QueryError(`unknown time zone "${timeZone.slice(0, 64)}"`);
  const buckets = bucketStarts(fromMs, toMs, interval, timeZone);
  if (!buckets)
    throw new QueryError(`too many buckets: choose a larger interval than ${interval.text} for this range`);

  const groupBy = (req.groupBy ?? []).map((g) => dimension(g, metric, family).dimension);
  if (metric.alwaysGroupBy && !groupBy.some((g) => g.kind === 'builtin' && g.name === metric.alwaysGroupBy)) {
    groupBy.push({ kind: 'builtin', name: metric.alwaysGroupBy });
  }
  const names = groupBy.map((g) => (g.kind === 'tag' ? g.key : g.name));
  if (new Set(names).size !== names.length) throw new QueryError('groupBy lists a key twice');
  const filters = (req.filters ?? []).map((f) => {
    const { dimension: dim, check } = dimension(f.key, metric, family);
    return { dimension: dim, negate: f.op === 'not_in', values: check ? check(f.values) : f.values };
  });

  const sl = req.serviceLevel ?? {};
  const threshold = (seconds: number, where: string) => {
    if (!(SL_THRESHOLDS as readonly number[]).includes(seconds)) {
      throw new QueryError(`${where}: service-level T must be one of ${SL_THRESHOLDS.join(', ')} seconds`);
    }
    return seconds;
  };
  const teamKey = checkKey(sl.teamKey ?? 'team');
  if (!teamKey.ok) throw new QueryError(`serviceLevel.teamKey: ${teamKey.error}`);
  const byTeam = Object.fromEntries(
    Object.entries(sl.byTeam ?? {}).map(([team, s]) => [
      team,
      threshold(s, `serviceLevel.byTeam.${team.slice(0, 40)}`),
    ]),
  );
  if (Object.keys(byTeam).length > 100) throw new QueryError('serviceLevel.byTeam lists more than 100 teams');

  return {
    ...(req.refId !== undefined ? { refId: req.refId } : {}),
    metric,
    from: fromMs,
    to: toMs,
    interval,
    timeZone,
    buckets,
    groupBy,
    filters,
    serviceLevel: {
      defaultSeconds: threshold(sl.defaultSeconds ?? 20, 'serviceLevel.defaultSeconds'),
      teamKey: teamKey.value,
      byTeam,
    },
  };
}

/** Tag keys a spec uses (to check against the keys that exist). */
export function tagKeysOf(spec: QuerySpec): string[] {
  const keys = [...spec.groupBy, ...spec.filters.map((f) => f.dimension)].flatMap((d) =>
    d.kind === 'tag' ? [d.key] : [],
  );
  return [...new Set(keys)];
}
