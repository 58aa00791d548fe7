import type { DataSourceInstanceSettings } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

import type { ExoOptions } from '../types';

/** Instance settings as Grafana passes them to the data source (url = the data proxy base). */
export function instanceSettings(
  jsonData: ExoOptions = { collectorUrl: 'http://collector:8090' }
): DataSourceInstanceSettings<ExoOptions> {
  return {
    uid: 'ds1',
    type: 'exowatch-exotel-datasource',
    name: 'exowatch',
    url: '/api/datasources/proxy/uid/ds1',
    access: 'proxy',
    jsonData,
    readOnly: false,
    meta: {} as DataSourceInstanceSettings['meta'],
  } as DataSourceInstanceSettings<ExoOptions>;
}

/** A TemplateSrv that knows a few variables and applies format functions like Grafana's. */
export function fakeTemplateSrv(vars: Record<string, string | string[]>): TemplateSrv {
  const replace = (text = '', _scoped?: unknown, format?: unknown) =>
    text.replace(/\$\{?(\w+)\}?/g, (whole, name: string) => {
      if (!(name in vars)) {
        return whole;
      }
      const value = vars[name];
      if (typeof format === 'function') {
        return format(value);
      }
      return Array.isArray(value) ? value.join(',') : value;
    });
  return {
    replace,
    getVariables: () => Object.keys(vars).map((name) => ({ name })),
    containsTemplate: (t?: string) => !!t && /\$\w/.test(t),
    updateTimeRange: () => undefined,
  } as unknown as TemplateSrv;
}
