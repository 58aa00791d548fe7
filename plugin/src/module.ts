import { DataSourcePlugin } from '@grafana/data';

import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { QueryEditorHelp } from './components/QueryEditorHelp';
import { DataSource } from './datasource';
import type { ExoOptions, ExoQuery, ExoSecureOptions } from './types';

export const plugin = new DataSourcePlugin<DataSource, ExoQuery, ExoOptions, ExoSecureOptions>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor)
  .setQueryEditorHelp(QueryEditorHelp);
