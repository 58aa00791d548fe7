import type { DataSourceApi, DataSourceGetTagKeysOptions, MetricFindValue, ScopedVars } from '@grafana/data';

import type { CollectorApi } from './api';
import type { MetricInfo } from '@exowatch/contract';
import type { ExoOptions, ExoQuery, ExoVariableQuery } from './types';

/**
 * What the editors and the variable support use of the exowatch data source. They depend on this
 * interface and datasource.ts implements it, so the data source can wire them in without an import circle.
 */
export interface ExoDataSourceApi extends DataSourceApi<ExoQuery, ExoOptions> {
  readonly api: CollectorApi;
  /** The collector's KPI catalogue. */
  metricCatalogue(): Promise<MetricInfo[]>;
  /** Values of a template variable query (tag keys, a key's values, ExoPhones, agents, flows). */
  variableValues(query: ExoVariableQuery, scopedVars?: ScopedVars): Promise<MetricFindValue[]>;
  /** Values of a built-in dimension or a tag key. */
  dimensionValues(key: string): Promise<MetricFindValue[]>;
  getTagKeys(options?: DataSourceGetTagKeysOptions<ExoQuery>): Promise<MetricFindValue[]>;
}
