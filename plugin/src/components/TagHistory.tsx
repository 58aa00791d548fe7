import React, { useEffect, useState } from 'react';
import { Alert, Button, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';

import type { CollectorApi } from '../api';
import type { TagRow } from '@exowatch/contract';
import { describeError } from '../errors';
import { showInstant } from '../tags/dates';
import { getTableStyles } from './tableStyles';

interface Props {
  api: CollectorApi;
  target: string;
  onClose: () => void;
}

/** Every value a number or flow had or has, oldest first, automatic (ExoPhone list) ones included. */
export function TagHistory({ api, target, onClose }: Props) {
  const styles = useStyles2(getTableStyles);
  const [rows, setRows] = useState<TagRow[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api
      .history(target)
      .then(setRows)
      .catch((e) => setError(describeError(e)));
  }, [api, target]);

  return (
    <div data-testid="tag-history">
      <Stack direction="column" gap={1}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h4">History of {target}</Text>
          <Button size="sm" variant="secondary" onClick={onClose}>
            Close
          </Button>
        </Stack>
        {error && <Alert title="Cannot load the history">{error}</Alert>}
        {!rows && !error && <LoadingPlaceholder text="Loading history…" />}
        {rows && rows.length === 0 && <Text color="secondary">No tags yet.</Text>}
        {rows && rows.length > 0 && (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Key</th>
                <th>Value</th>
                <th>From</th>
                <th>To</th>
                <th>Source</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.key}</td>
                  <td>{r.value}</td>
                  <td>{showInstant(r.validFrom)}</td>
                  <td>{showInstant(r.validTo)}</td>
                  <td>{r.source === 'manual' ? 'manual' : 'ExoPhone list'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Stack>
    </div>
  );
}
