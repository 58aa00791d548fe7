import React, { useState } from 'react';
import { Alert, Button, FileDropzone, Stack, Text, TextArea, useStyles2 } from '@grafana/ui';

import type { CollectorApi } from '../api';
import type { TagRow } from '../collectorTypes';
import { describeError } from '../errors';
import { showInstant } from '../tags/dates';
import { previewImport, type ImportPreview } from '../tags/preview';
import { getTableStyles } from './tableStyles';

interface Props {
  api: CollectorApi;
  /** Tags in force now, to compare the file with. */
  current: TagRow[];
  onApplied: () => void;
  onClose: () => void;
}

const EXAMPLE =
  'target,key,value,valid_from\n+918045678900,team,support,\nflow:42,region,KA,2026-01-01T00:00:00+05:30\n';

/** CSV import: paste or drop a file, see what will change, then apply the changes through the admin route. */
export function CsvImport({ api, current, onApplied, onClose }: Props) {
  const styles = useStyles2(getTableStyles);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportPreview>();
  const [progress, setProgress] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const check = (csv: string) => {
    setText(csv);
    setError(undefined);
    setProgress(undefined);
    setPreview(previewImport(csv, current));
  };
  const pending = preview?.changes.filter((c) => c.action !== 'unchanged') ?? [];
  const count = (action: string) => preview?.changes.filter((c) => c.action === action).length ?? 0;

  const apply = async () => {
    setBusy(true);
    let done = 0;
    for (const c of pending) {
      try {
        await api.setTag(c.target, c.key, c.value, c.validFrom);
        done++;
        setProgress(`${done} of ${pending.length} saved`);
      } catch (e) {
        setError(
          `row ${c.row} (${c.target} ${c.key}=${c.value}): ${describeError(e)}. ${done} earlier change(s) were saved.`
        );
        setBusy(false);
        onApplied();
        return;
      }
    }
    setBusy(false);
    setProgress(`Imported: ${done} change(s) saved`);
    setPreview(undefined);
    onApplied();
  };

  return (
    <div data-testid="csv-import">
      <Stack direction="column" gap={1}>
        <Stack justifyContent="space-between" alignItems="center">
          <Text element="h4">Import tags from CSV</Text>
          <Button size="sm" variant="secondary" onClick={onClose}>
            Close
          </Button>
        </Stack>
        <Text color="secondary">
          Columns target,key,value and optionally valid_from (ISO 8601 with offset; empty means now). Nothing is saved
          until you apply the preview.
        </Text>
        <FileDropzone
          options={{ accept: { 'text/csv': ['.csv'] }, multiple: false }}
          readAs="readAsText"
          onLoad={(result) => check(String(result))}
        />
        <TextArea
          aria-label="CSV text"
          rows={5}
          placeholder={EXAMPLE}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <Stack gap={1}>
          <Button variant="secondary" onClick={() => check(text)} disabled={text.trim() === ''}>
            Preview
          </Button>
          <Button onClick={apply} disabled={busy || !preview || preview.errors.length > 0 || pending.length === 0}>
            Apply {pending.length} change(s)
          </Button>
        </Stack>
        {progress && <Alert severity="success" title={progress} />}
        {error && (
          <Alert severity="error" title="Import stopped">
            {error}
          </Alert>
        )}
        {preview && (
          <div data-testid="csv-preview">
            <Text>
              {count('add')} to add, {count('change')} to change, {count('unchanged')} unchanged,{' '}
              {preview.errors.length} with errors{preview.errors.length > 0 ? ': fix them to apply' : ''}.
            </Text>
            <table className={styles.table}>
              <thead>
                <tr>
                  <th>Row</th>
                  <th>Target</th>
                  <th>Key</th>
                  <th>Now</th>
                  <th>New</th>
                  <th>From</th>
                  <th>Result</th>
                </tr>
              </thead>
              <tbody>
                {preview.errors.map((e) => (
                  <tr key={`e${e.row}`} className={styles.error}>
                    <td>{e.row}</td>
                    <td colSpan={6}>{e.error}</td>
                  </tr>
                ))}
                {preview.changes.map((c) => (
                  <tr key={`c${c.row}`} className={styles[c.action]}>
                    <td>{c.row}</td>
                    <td>{c.target}</td>
                    <td>{c.key}</td>
                    <td>{c.previous ?? '—'}</td>
                    <td>{c.value}</td>
                    <td>{c.validFrom ? showInstant(c.validFrom) : 'now'}</td>
                    <td>{c.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Stack>
    </div>
  );
}
