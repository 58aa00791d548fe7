import {
  createDataFrame,
  type AdHocVariableFilter,
  DataSourceApi,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type DataSourceGetTagKeysOptions,
  type DataSourceGetTagValuesOptions,
  type MetricFindValue,
  type ScopedVars,
} from '@grafana/data';
import { getTemplateSrv, type TemplateSrv } from '@grafana/runtime';

import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import { annotationFrame } from './annotations/events';
import { CollectorApi } from './api';
import { worklistFrame, worklistSelection } from './callbacks/worklist';
import type { ExoDataSourceApi } from './dataSourceApi';
import type { MetricInfo } from '@exowatch/contract';
import { describeError } from './errors';
import { judgeHealth, type Outcome, type TestResult } from './health/judge';
import { expandSingle, type Replace } from './query/interpolate';
import { applyVariables } from './query/applyVariables';
import { resolveAdhocFilters, type ResolvedAdhoc } from './query/adhoc';
import { toDataFrame } from './query/frames';
import { buildQueryBody } from './query/request';
import {
  ANNOTATIONS_QUERY_TYPE,
  CALLBACKS_QUERY_TYPE,
  DEFAULT_QUERY,
  type ExoOptions,
  type ExoQuery,
  type ExoVariableQuery,
} from './types';
import { ExoVariableSupport } from './variables/support';
import { adhocKeys, exophoneValues, fixedValues, plainValues, tagKeyValues, tagValueValues } from './variables/values';

/** The resolution's notices as warnings on every frame of a query (an empty frame when there is none). */
function withAdhocNotices(frames: DataFrame[], refId: string, adhoc: ResolvedAdhoc): DataFrame[] {
  if (adhoc.notices.length === 0) {
    return frames;
  }
  const notices = adhoc.notices.map((text) => ({ severity: 'warning' as const, text }));
  const shown = frames.length > 0 ? frames : [createDataFrame({ refId, fields: [] })];
  return shown.map((frame) => ({
    ...frame,
    meta: { ...frame.meta, notices: [...(frame.meta?.notices ?? []), ...notices] },
  }));
}

async function outcome<T>(work: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await work };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * The exowatch data source: a frontend-only DataSourceApi whose every request goes through Grafana's
 * data proxy to the collector (plugin.json routes add the bearer tokens server-side).
 */
export class DataSource extends DataSourceApi<ExoQuery, ExoOptions> implements ExoDataSourceApi {
  readonly api: CollectorApi;
  private readonly collectorUrl?: string;
  private catalogue?: Promise<MetricInfo[]>;

  constructor(
    settings: DataSourceInstanceSettings<ExoOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(settings);
    this.api = new CollectorApi(settings.url ?? '');
    this.collectorUrl = settings.jsonData.collectorUrl;
    this.variables = new ExoVariableSupport(this);
    this.annotations = {
      QueryEditor: AnnotationQueryEditor,
      getDefaultQuery: () => ({ queryType: ANNOTATIONS_QUERY_TYPE, annotationKinds: [] }),
      prepareQuery: (anno) => ({
        refId: 'Anno',
        metric: '',
        queryType: ANNOTATIONS_QUERY_TYPE,
        annotationKinds: anno.target?.annotationKinds ?? [],
      }),
    };
  }

  getDefaultQuery(): Partial<ExoQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: ExoQuery): boolean {
    const needsNoMetric = query.queryType === ANNOTATIONS_QUERY_TYPE || query.queryType === CALLBACKS_QUERY_TYPE;
    return !query.hide && (needsNoMetric || !!query.metric);
  }

  /** The metric catalogue (GET /api/v1/metrics), fetched once per page load. */
  metricCatalogue(): Promise<MetricInfo[]> {
    if (!this.catalogue) {
      this.catalogue = this.api.metrics().catch((e) => {
        this.catalogue = undefined;
        throw e;
      });
    }
    return this.catalogue;
  }

  replacer(scopedVars?: ScopedVars): Replace {
    return (text, format) => this.templateSrv.replace(text, scopedVars, format);
  }

  async query(request: DataQueryRequest<ExoQuery>): Promise<DataQueryResponse> {
    const from = request.range.from.valueOf();
    const to = request.range.to.valueOf();
    const data: DataFrame[] = [];
    const errors: DataQueryError[] = [];
    // Each key's values are fetched at most once per request, however many regex filters use them.
    const valueLists = new Map<string, Promise<string[]>>();
    const valuesOf = (key: string) => {
      if (!valueLists.has(key)) {
        valueLists.set(key, this.dimensionValueList(key));
      }
      return valueLists.get(key)!;
    };
    await Promise.all(
      request.targets
        .filter((t) => this.filterQuery(t))
        .map(async (target) => {
          try {
            if (target.queryType === ANNOTATIONS_QUERY_TYPE) {
              data.push(
                annotationFrame(target.refId, await this.api.annotations(from, to), target.annotationKinds ?? [])
              );
              return;
            }
            const adhoc = await resolveAdhocFilters(
              [...(request.filters ?? []), ...(target.adhocFilters ?? [])],
              valuesOf
            );
            if (target.queryType === CALLBACKS_QUERY_TYPE) {
              // Checked before the request: a filter the worklist cannot apply sends nothing.
              const selection = worklistSelection(
                applyVariables(target, this.replacer(request.scopedVars)).filters ?? [],
                adhoc.filters
              );
              const callbacks = await this.api.openCallbacks(`${request.requestId}-${target.refId}`);
              const frame = worklistFrame(target.refId, adhoc.matchesNothing ? [] : callbacks, selection);
              data.push(...withAdhocNotices([frame], target.refId, adhoc));
              return;
            }
            const body = buildQueryBody(target, {
              from,
              to,
              intervalMs: request.intervalMs,
              replace: this.replacer(request.scopedVars),
              adhocFilters: adhoc.filters,
            });
            const frames = adhoc.matchesNothing
              ? []
              : (await this.api.query(body, `${request.requestId}-${target.refId}`)).frames.map((frame) =>
                  toDataFrame(frame, target)
                );
            data.push(...withAdhocNotices(frames, target.refId, adhoc));
          } catch (e) {
            errors.push({ refId: target.refId, message: `${target.refId}: ${describeError(e)}` });
          }
        })
    );
    const order = request.targets.map((t) => t.refId);
    data.sort((a, b) => order.indexOf(a.refId ?? '') - order.indexOf(b.refId ?? ''));
    return errors.length > 0 ? { data, errors } : { data };
  }

  /**
   * The queries with their variables replaced and the dashboard's ad hoc filters carried along: what
   * Explore opens from a panel, "copy query" copies and dashboard links pass on (grafana
   * public/app/core/utils/explore.ts getExploreUrl; dashboard-scene utils/explore.ts for mixed panels).
   */
  interpolateVariablesInQueries(
    queries: ExoQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): ExoQuery[] {
    const replace = this.replacer(scopedVars);
    return queries.map((query) => {
      const carried = [...(query.adhocFilters ?? []), ...(filters ?? [])];
      return {
        ...applyVariables(query, replace),
        datasource: this.getRef(),
        ...(carried.length > 0 ? { adhocFilters: carried } : {}),
      };
    });
  }

  /** Values of a template variable query (tag keys, a key's values, ExoPhones, agents, flows). */
  async variableValues(query: ExoVariableQuery, scopedVars?: ScopedVars): Promise<MetricFindValue[]> {
    switch (query.kind) {
      case 'tagKeys':
        return tagKeyValues((await this.api.tagKeys()).keys);
      case 'tagValues': {
        const key = expandSingle(query.key ?? '', this.replacer(scopedVars));
        if (key === '') {
          throw new Error('choose the tag key whose values the variable lists');
        }
        return this.dimensionValues(key);
      }
      case 'exophones':
        return exophoneValues(await this.api.exophones());
      case 'agents':
        return plainValues(await this.api.agents());
      case 'flows':
        return plainValues(await this.api.flows());
    }
  }

  /** Values of a built-in dimension or a tag key (query editor filters, ad hoc filters). */
  async dimensionValues(key: string): Promise<MetricFindValue[]> {
    const fixed = fixedValues(key);
    if (fixed) {
      return fixed;
    }
    switch (key) {
      case 'exophone':
        return exophoneValues(await this.api.exophones());
      case 'agent':
        return plainValues(await this.api.agents());
      case 'flow':
        return plainValues(await this.api.flows());
      default:
        return tagValueValues(await this.api.tagValues(key));
    }
  }

  /** The values of a key as they are sent in filters (what ad hoc regex filters are matched against). */
  async dimensionValueList(key: string): Promise<string[]> {
    return (await this.dimensionValues(key)).map((v) => String(v.value ?? v.text));
  }

  async getTagKeys(_options?: DataSourceGetTagKeysOptions<ExoQuery>): Promise<MetricFindValue[]> {
    return adhocKeys((await this.api.tagKeys()).keys);
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<ExoQuery>): Promise<MetricFindValue[]> {
    return this.dimensionValues(options.key);
  }

  async testDatasource(): Promise<TestResult> {
    const viewer = await outcome(this.api.health());
    const admin = await outcome(this.api.healthAsAdmin().then(() => this.api.probeAdminWrite()));
    return judgeHealth(this.collectorUrl, viewer, admin);
  }
}
