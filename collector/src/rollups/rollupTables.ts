/**
 * The call rollup tables and the dimensions each keeps (besides its bucket). Every table holds
 * `SUM(measure)` of the facts rows (facts.ts) per bucket and these dimensions.
 */
export interface CallRollup {
  /** Table of hour buckets (minute buckets for `minute`, whose rows also carry their `hour`). */
  hourly: string;
  /** Table of day buckets summed from the hourly one, if the family keeps days. */
  daily?: string;
  dims: readonly ('tags' | 'exophone' | 'flow' | 'agent' | 'direction' | 'period')[];
}

export const CALL_ROLLUPS = {
  /** Everything but the agent: the dashboards' default. */
  main: {
    hourly: 'call_rollup_hourly',
    daily: 'call_rollup_daily',
    dims: ['tags', 'exophone', 'flow', 'direction', 'period'],
  },
  /** Per agent, for queries grouped or filtered by agent (but not by ExoPhone or flow). */
  agent: {
    hourly: 'call_rollup_agent_hourly',
    daily: 'call_rollup_agent_daily',
    dims: ['tags', 'agent', 'direction', 'period'],
  },
  /** Per minute, recent hours only (minute_rollup_state.since), for minute intervals. */
  minute: { hourly: 'call_rollup_minute', dims: ['tags', 'exophone', 'flow', 'direction', 'period'] },
  /**
   * Per tag set and direction only, for queries that use no ExoPhone, flow, agent or period (teams,
   * regions, the whole account): a few rows a bucket where the main rollup keeps one per ExoPhone, flow
   * and period as well (migration 026).
   */
  tags: { hourly: 'call_rollup_tags_hourly', daily: 'call_rollup_tags_daily', dims: ['tags', 'direction'] },
} as const satisfies Record<string, CallRollup>;

export type CallRollupName = keyof typeof CALL_ROLLUPS;

/** Every call rollup table, hourly and daily. */
export function callRollupTables(): string[] {
  return Object.values(CALL_ROLLUPS as Record<string, CallRollup>).flatMap((r) =>
    r.daily ? [r.hourly, r.daily] : [r.hourly],
  );
}

/** How long minute rollups are kept by default. */
export const MINUTE_RETENTION_HOURS = 48;
