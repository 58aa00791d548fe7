import React, { useState } from 'react';
import { Alert, Button, Stack, Text, useStyles2 } from '@grafana/ui';

import type { CollectorApi } from '../api';
import type { TagImportPreview, TagImportRowError } from '@exowatch/contract';
import { describeError, isProxyError } from '../errors';
import { showInstant } from '../tags/dates';
import { FileImportForm, type ImportedFile } from './FileImportForm';
import { getTableStyles } from './tableStyles';

interface Props {
  api: CollectorApi;
  onApplied: () => void;
  onClose: () => void;
}

const TAGS_CSV: ImportedFile = {
  description:
    'Columns target,key,value and optionally valid_from (ISO 8601 with offset; empty means now). The collector checks every row first; applying saves all rows or, on any error, none.',
  accept: { 'text/csv': ['.csv'] },
  label: 'CSV text',
  example: 'target,key,value,valid_from\n+918045678900,team,support,\nflow:42,region,KA,2026-01-01T00:00:00+05:30\n',
};

/** The per-row errors of a refused import (400 invalid rows, 409 conflict with history). */
function rowErrors(e: unknown): TagImportRowError[] {
  const errors = isProxyError(e) ? (e.data as { errors?: unknown } | undefined)?.errors : undefined;
  return Array.isArray(errors)
    ? errors.filter((r): r is TagImportRowError => typeof r?.row === 'number' && typeof r?.error === 'string')
    : [];
}

/**
 * CSV import: paste or drop a file; the collector checks every row and says what would change (a dry
 * run), then applies the whole file in one request: every row is saved, or on any error none.
 */
export function CsvImport({ api, onApplied, onClose }: Props) {
  const styles = useStyles2(getTableStyles);
  const [text, setText] = useState('');
  /** The collector's dry run, for the text it was run on. */
  const [preview, setPreview] = useState<TagImportPreview & { csv: string }>();
  const [failure, setFailure] = useState<{ title: string; message: string; rows: TagImportRowError[] }>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);

  const edit = (csv: string) => {
    setText(csv);
    setPreview(undefined);
    setFailure(undefined);
    setDone(undefined);
  };
  const fail = (title: string, e: unknown) => setFailure({ title, message: describeError(e), rows: rowErrors(e) });

  const check = async (csv: string) => {
    edit(csv);
    setBusy(true);
    try {
      setPreview({ ...(await api.previewTagImport(csv)), csv });
    } catch (e) {
      fail('Cannot import this file: nothing was saved', e);
    } finally {
      setBusy(false);
    }
  };

  const current = preview?.csv === text ? preview : undefined;
  const count = (action: string) => current?.changes.filter((c) => c.action === action).length ?? 0;
  const pending = count('add') + count('change');

  const apply = async () => {
    if (!current) {
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await api.importTags(current.csv);
      setPreview(undefined);
      setDone(`Imported ${result.rows} row(s): ${result.written} change(s) saved`);
      onApplied();
    } catch (e) {
      setPreview(undefined);
      fail('Import failed: nothing was saved', e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FileImportForm
      testId="csv-import"
      title="Import tags from CSV"
      file={TAGS_CSV}
      text={text}
      onFile={check}
      onEdit={edit}
      onClose={onClose}
    >
      <Stack gap={1}>
        <Button variant="secondary" onClick={() => check(text)} disabled={busy || text.trim() === ''}>
          Preview
        </Button>
        <Button onClick={apply} disabled={busy || !current || pending === 0}>
          Apply {pending} change(s)
        </Button>
      </Stack>
      {done && <Alert severity="success" title={done} />}
      {failure && (
        <Alert severity="error" title={failure.title}>
          <div data-testid="csv-errors">
            {failure.rows.length === 0 ? (
              failure.message
            ) : (
              <table className={styles.table}>
                <thead>
                  <tr>
                    <th>Row</th>
                    <th>Error</th>
                  </tr>
                </thead>
                <tbody>
                  {failure.rows.map((e, i) => (
                    <tr key={i} className={styles.error}>
                      <td>{e.row === 0 ? 'file' : e.row}</td>
                      <td>{e.error}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        </Alert>
      )}
      {current && (
        <div data-testid="csv-preview">
          <Text>
            {current.rows} row(s): {count('add')} to add, {count('change')} to change, {count('unchanged')} unchanged.
          </Text>
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Row</th>
                <th>Target</th>
                <th>Key</th>
                <th>Before</th>
                <th>New</th>
                <th>From</th>
                <th>Result</th>
              </tr>
            </thead>
            <tbody>
              {current.changes.map((c) => (
                <tr key={c.row} className={styles[c.action]}>
                  <td>{c.row}</td>
                  <td>{c.target}</td>
                  <td>{c.key}</td>
                  <td>{c.previous ?? '—'}</td>
                  <td>{c.value}</td>
                  <td>{showInstant(c.validFrom)}</td>
                  <td>{c.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </FileImportForm>
  );
}
