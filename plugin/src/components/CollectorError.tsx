import React from 'react';
import { Alert } from '@grafana/ui';

/** The banner for a failed collector request; nothing when there is no error. */
export function CollectorError({ error, onRemove }: { error: string | undefined; onRemove?: () => void }) {
  return error ? (
    <Alert severity="error" title="Collector" onRemove={onRemove}>
      {error}
    </Alert>
  ) : null;
}
