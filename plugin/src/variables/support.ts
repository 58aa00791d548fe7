import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
// Only the package root `rxjs` is shared with Grafana (externals); a subpath import would bundle a second rxjs.
import { from, map, type Observable } from 'rxjs';

import { VariableQueryEditor } from '../components/VariableQueryEditor';
import type { ExoDataSourceApi } from '../dataSourceApi';
import type { ExoQuery, ExoVariableQuery } from '../types';

/** Query variables: tag keys, values of a tag key, ExoPhones, agents, flows (multi-value and All friendly). */
export class ExoVariableSupport extends CustomVariableSupport<ExoDataSourceApi, ExoVariableQuery, ExoQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: ExoDataSourceApi) {
    super();
  }

  query(request: DataQueryRequest<ExoVariableQuery>): Observable<DataQueryResponse> {
    const [query] = request.targets;
    return from(this.datasource.variableValues(query, request.scopedVars)).pipe(map((data) => ({ data })));
  }
}
