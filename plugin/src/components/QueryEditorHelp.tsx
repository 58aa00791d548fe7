import React, { useEffect, useState } from 'react';
import type { QueryEditorHelpProps } from '@grafana/data';
import { Button, Stack, Text } from '@grafana/ui';

import type { MetricInfo } from '@exowatch/contract';
import type { ExoDataSourceApi } from '../dataSourceApi';
import { describeError } from '../errors';
import type { ExoQuery } from '../types';

/** The help panel: every KPI of the collector's catalogue with its definition, formula and unit. */
export function QueryEditorHelp({ datasource, query, onClickExample }: QueryEditorHelpProps<ExoQuery>) {
  const [metrics, setMetrics] = useState<MetricInfo[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    (datasource as ExoDataSourceApi)
      .metricCatalogue()
      .then(setMetrics)
      .catch((e) => setError(describeError(e)));
  }, [datasource]);

  return (
    <Stack direction="column" gap={2}>
      <Text element="h3">exowatch KPIs</Text>
      <Text color="secondary">
        Ratios are computed from summed numerators and denominators, never averaged percentages. Use the interval
        &quot;whole range&quot; for a stat panel over the dashboard range. Tag filters and group-by use each call&apos;s
        tags as of the call&apos;s start (ExoPhone and flow tags overlaid by the agent&apos;s).
      </Text>
      {error && <Text color="error">Cannot load the catalogue: {error}</Text>}
      {metrics.map((m) => (
        <div key={m.name} data-testid={`help-${m.name}`}>
          <Stack direction="column" gap={0.5}>
            <Stack gap={1} alignItems="center">
              <Text element="h5">{m.title}</Text>
              <Text color="secondary" variant="code">
                {m.name} · {m.unit}
              </Text>
              <Button
                size="sm"
                variant="secondary"
                fill="text"
                onClick={() => onClickExample({ ...query, metric: m.name })}
              >
                Use
              </Button>
            </Stack>
            <Text>{m.description}</Text>
            <Text variant="code">{m.formula}</Text>
          </Stack>
        </div>
      ))}
    </Stack>
  );
}
