import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

import type {
  AgentsResponse,
  AnnotationsResponse,
  CalendarHolidayImportResult,
  CalendarInfo,
  CalendarsResponse,
  CalendarWriteBody,
  CollectorAnnotation,
  ExoPhoneInfo,
  ExoPhonesResponse,
  FlowsResponse,
  HealthReport,
  MetricInfo,
  MetricsResponse,
  OpenCallback,
  OpenCallbacksResponse,
  QueryRequestBody,
  QueryResponse,
  TagHistoryResponse,
  TagImportPreview,
  TagImportResult,
  TagKeysResponse,
  TagListResponse,
  TagRow,
  TagValueInfo,
  TagValuesResponse,
} from '@exowatch/contract';
import { ADMIN_ROUTE, VIEWER_ROUTE } from './constants';

export interface TagListParams {
  search?: string;
  key?: string;
  target?: string;
  /** ISO instant: tags in force then (default now). */
  at?: string;
  limit?: number;
  offset?: number;
}

function queryString(params: Record<string, string | number | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

const seg = encodeURIComponent;

/**
 * What the collector answers on each GET path that takes no parameters (docs/api.md): the client reads
 * these paths by it, and the test fake (testing/fakeCollector.ts) answers them by it.
 */
export interface CollectorGetAnswers {
  '/api/v1/health': HealthReport;
  '/api/v1/metrics': MetricsResponse;
  '/api/v1/exophones': ExoPhonesResponse;
  '/api/v1/agents': AgentsResponse;
  '/api/v1/flows': FlowsResponse;
  '/api/v1/tags/keys': TagKeysResponse;
  '/api/v1/calendars': CalendarsResponse;
  '/api/v1/callbacks/open': OpenCallbacksResponse;
}

/**
 * The collector's HTTP API, reached only through Grafana's data proxy: `<proxyBase>/collector/...`
 * carries the viewer token, `<proxyBase>/admin/...` the admin token (Admin role only). The browser
 * never sees either token.
 */
export class CollectorApi {
  constructor(private readonly proxyBase: string) {}

  /** The proxy base of a saved data source, for pages that only know its uid (the config page). */
  static forUid(uid: string): CollectorApi {
    return new CollectorApi(`/api/datasources/proxy/uid/${seg(uid)}`);
  }

  private async request<T>(
    route: string,
    path: string,
    options: { method?: string; data?: unknown; requestId?: string; headers?: Record<string, string> } = {}
  ): Promise<T> {
    const response = await lastValueFrom(
      getBackendSrv().fetch<T>({
        url: `${this.proxyBase}/${route}${path}`,
        method: options.method ?? 'GET',
        data: options.data,
        headers: options.headers,
        requestId: options.requestId,
        showErrorAlert: false,
        showSuccessAlert: false,
      })
    );
    return response.data;
  }

  private get<T>(path: string): Promise<T> {
    return this.request<T>(VIEWER_ROUTE, path);
  }

  /** A GET path without parameters, answered as CollectorGetAnswers says. */
  private getFixed<P extends keyof CollectorGetAnswers>(
    path: P,
    options: { route?: string; requestId?: string } = {}
  ): Promise<CollectorGetAnswers[P]> {
    return this.request(options.route ?? VIEWER_ROUTE, path, { requestId: options.requestId });
  }

  health(): Promise<HealthReport> {
    return this.getFixed('/api/v1/health');
  }

  /** Health through the admin route: proves the admin token reads. */
  healthAsAdmin(): Promise<HealthReport> {
    return this.getFixed('/api/v1/health', { route: ADMIN_ROUTE });
  }

  /**
   * Proves the admin token may write without writing: the collector checks the admin token before it
   * validates the body, so an empty body answers 400 with the admin token and 403 with any other.
   */
  async probeAdminWrite(): Promise<void> {
    try {
      await this.request(ADMIN_ROUTE, '/api/v1/tags/targets/flow%3Aexowatch-token-check/probe', {
        method: 'PUT',
        data: {},
      });
    } catch (e) {
      if ((e as { status?: number }).status === 400) {
        return;
      }
      throw e;
    }
  }

  async metrics(): Promise<MetricInfo[]> {
    return (await this.getFixed('/api/v1/metrics')).metrics;
  }

  query(body: QueryRequestBody, requestId?: string): Promise<QueryResponse> {
    return this.request<QueryResponse>(VIEWER_ROUTE, '/api/v1/query', { method: 'POST', data: body, requestId });
  }

  async annotations(from: number, to: number): Promise<CollectorAnnotation[]> {
    const q = queryString({ from, to });
    return (await this.get<AnnotationsResponse>(`/api/v1/annotations${q}`)).annotations;
  }

  async exophones(): Promise<ExoPhoneInfo[]> {
    return (await this.getFixed('/api/v1/exophones')).exophones;
  }

  async agents(): Promise<string[]> {
    return (await this.getFixed('/api/v1/agents')).agents;
  }

  async flows(): Promise<string[]> {
    return (await this.getFixed('/api/v1/flows')).flows;
  }

  /** The tag keys in use, and the keys no tag may have (the collector's built-in dimensions). */
  tagKeys(): Promise<TagKeysResponse> {
    return this.getFixed('/api/v1/tags/keys');
  }

  async tagValues(key: string): Promise<TagValueInfo[]> {
    return (await this.get<TagValuesResponse>(`/api/v1/tags/keys/${seg(key)}/values`)).values;
  }

  listTags(params: TagListParams): Promise<TagListResponse> {
    return this.get(`/api/v1/tags${queryString({ ...params })}`);
  }

  async history(target: string): Promise<TagRow[]> {
    return (await this.get<TagHistoryResponse>(`/api/v1/tags/targets/${seg(target)}/history`)).history;
  }

  /** Sets a tag from `validFrom` (ISO, default now); the previous value stays in the history. */
  setTag(target: string, key: string, value: string, validFrom?: string): Promise<{ changed: boolean }> {
    return this.request(ADMIN_ROUTE, `/api/v1/tags/targets/${seg(target)}/${seg(key)}`, {
      method: 'PUT',
      data: validFrom ? { value, validFrom } : { value },
    });
  }

  /**
   * What importing a tags CSV would change, without writing. A 400 (invalid rows) or 409 (conflict with
   * history) carries the rows in `data.errors`.
   */
  previewTagImport(csv: string): Promise<TagImportPreview> {
    return this.request(ADMIN_ROUTE, '/api/v1/tags/import', { method: 'POST', data: { csv, dryRun: true } });
  }

  /** Imports a tags CSV all or nothing: every row is saved, or (on any error) none. */
  importTags(csv: string): Promise<TagImportResult> {
    return this.request(ADMIN_ROUTE, '/api/v1/tags/import', { method: 'POST', data: { csv, dryRun: false } });
  }

  /** Ends the value in force at `at` (ISO, default now). */
  removeTag(target: string, key: string, at?: string): Promise<{ closed: boolean }> {
    return this.request(ADMIN_ROUTE, `/api/v1/tags/targets/${seg(target)}/${seg(key)}${queryString({ at })}`, {
      method: 'DELETE',
    });
  }

  async calendars(): Promise<CalendarInfo[]> {
    return (await this.getFixed('/api/v1/calendars')).calendars;
  }

  /** Creates a calendar or starts a new version of it (and of its targets) from `body.validFrom`. */
  putCalendar(id: string, body: CalendarWriteBody): Promise<unknown> {
    return this.request(ADMIN_ROUTE, `/api/v1/calendars/${seg(id)}`, { method: 'PUT', data: body });
  }

  deleteCalendar(id: string): Promise<unknown> {
    return this.request(ADMIN_ROUTE, `/api/v1/calendars/${seg(id)}`, { method: 'DELETE' });
  }

  /** Adds the holidays of a CSV (`date,name[,from,to]`) or iCalendar file, sent as it is. */
  importHolidays(id: string, text: string, format: 'csv' | 'ics'): Promise<CalendarHolidayImportResult> {
    return this.request(ADMIN_ROUTE, `/api/v1/calendars/${seg(id)}/holidays/import`, {
      method: 'POST',
      data: text,
      headers: { 'Content-Type': format === 'csv' ? 'text/csv' : 'text/calendar' },
    });
  }

  /** Missed calls still waiting for a callback, through the viewer route: customers masked. */
  async openCallbacks(requestId?: string): Promise<OpenCallback[]> {
    return (await this.getFixed('/api/v1/callbacks/open', { requestId })).callbacks;
  }
}
