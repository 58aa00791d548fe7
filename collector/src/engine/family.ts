import type { PoolClient } from 'pg';
import type { BuiltinName } from '../querykit/sql';
import type { Row } from './frames';
import type { MetricDef, SeriesSpec } from './metrics';
import type { QuerySpec } from './spec';

/** Checks a filter's values for one built-in dimension; returns them as stored (QueryError when bad). */
export type ValueCheck = (values: string[]) => string[];

/** What the engine hands a family besides the spec. */
export interface FamilyContext {
  now: Date;
  /** The rollups' business time zone (rollups answer only buckets cut in it). */
  zone: string;
}

/**
 * A metric family: the metrics it adds to the catalogue and how it answers them. The engine parses a
 * request against the family's dimensions, reads `rows` in one snapshot and builds the frame from the
 * metric's series (engine/frames.ts), so a new family touches no other family and not the engine.
 */
export interface MetricFamily {
  readonly name: string;
  readonly metrics: readonly MetricDef[];
  /** The built-in dimensions a metric can be grouped and filtered by (in catalogue order), each with its value check. */
  dimensions(metric: MetricDef): Readonly<Partial<Record<BuiltinName, ValueCheck>>>;
  /** Why a built-in dimension the metric lacks is refused, when the family has a better word than the engine's. */
  refuse?(name: BuiltinName, metric: MetricDef): string | undefined;
  /**
   * The rows of a spec (columns b, g0…gN, then the sum aliases of its series), planned against the
   * rollups or the raw facts as the family sees fit, read with `client` (the caller's snapshot).
   */
  rows(client: PoolClient, spec: QuerySpec, context: FamilyContext): Promise<Row[]>;
  /** The series of a spec, when not simply the metric's (the calls metric fans out by status). */
  series?(spec: QuerySpec): SeriesSpec[];
  /** Notices shown with the frame. */
  notices?(spec: QuerySpec, rows: readonly Row[]): string[];
}
