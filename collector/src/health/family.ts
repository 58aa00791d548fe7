import type { PoolClient } from 'pg';
import { rollupGrain } from '../engine/engine';
import type { MetricFamily } from '../engine/family';
import type { Row } from '../engine/frames';
import { ratio, type MetricDef } from '../engine/metrics';
import { oneOf, targetValues } from '../engine/request';
import { type QuerySpec } from '../engine/spec';
import { cleanOfRanges, planRange, type RangePlan } from '../querykit/plan';
import { buildHealthQuery } from './healthSql';

const HEALTH_DIRECTIONS = ['incoming', 'outgoing'];

const HEALTH_METRICS: readonly MetricDef[] = [
  {
    name: 'uptime',
    alwaysGroupBy: 'direction',
    title: 'ExoPhone uptime',
    description:
      'Per ExoPhone and direction (incoming/outgoing): time not listed as affected ÷ observed time. Unknown time (heartbeat gaps) is excluded and reported by `coverage`.',
    formula: '1 − affected time ÷ observed time = healthy time ÷ (healthy + affected time)',
    unit: 'percentunit',
    source: 'health',
    series: [ratio('healthy', 'observed')],
  },
  {
    name: 'coverage',
    alwaysGroupBy: 'direction',
    title: 'Heartbeat coverage',
    description: 'Share of the monitored time with heartbeat data (not unknown).',
    formula: 'observed time ÷ (observed + unknown time)',
    unit: 'percentunit',
    source: 'health',
    series: [ratio('observed', 'tracked')],
  },
  {
    name: 'health_state',
    alwaysGroupBy: 'direction',
    title: 'Heartbeat health state',
    description:
      'Worst state in each bucket: affected if any affected time, else unknown if any unknown time, else healthy (for state-timeline panels).',
    formula: 'affected if affected time > 0; unknown if unknown time > 0; healthy otherwise',
    unit: 'none',
    source: 'health',
    series: [{ labels: {}, kind: 'state', value: 'affected' }],
  },
];

async function planHealth(client: PoolClient, spec: QuerySpec, zone: string): Promise<RangePlan> {
  const grain = rollupGrain(spec, zone);
  if (grain !== 'day')
    return planRange({ from: spec.from, to: spec.to, zone, rollup: 'none', clean: () => true });
  const state = await client.query<{ computed_until: Date | number }>(
    'SELECT computed_until FROM health_rollup_state',
  );
  const dirty = await client.query<{ range_from: Date | number; range_to: Date | number }>(
    'SELECT range_from, range_to FROM health_dirty_ranges WHERE range_from < $2 AND range_to > $1',
    [new Date(spec.from), new Date(spec.to)],
  );
  const ms = (v: Date | number | undefined) => (v instanceof Date ? v.getTime() : (v ?? -Infinity));
  return planRange({
    from: spec.from,
    to: spec.to,
    zone,
    rollup: 'day',
    noHours: true,
    computedUntil: ms(state.rows[0]?.computed_until),
    clean: cleanOfRanges(dirty.rows.map((r) => [ms(r.range_from), ms(r.range_to)])),
  });
}

/** ExoPhone uptime and heartbeat coverage over the health periods (day rollups where clean). */
export const healthFamily: MetricFamily = {
  name: 'health',
  metrics: HEALTH_METRICS,
  dimensions: () => ({
    exophone: targetValues('exophone'),
    direction: oneOf('direction', HEALTH_DIRECTIONS),
  }),
  refuse: (name) =>
    name === 'status'
      ? 'status applies to the calls metric only (other call metrics are defined by the agent leg)'
      : `${name} does not apply to ExoPhone health metrics`,
  async rows(client, spec, { zone, now }) {
    const built = buildHealthQuery(spec, await planHealth(client, spec, zone), now.getTime());
    return (await client.query<Row>(built.text, built.values)).rows;
  },
};
