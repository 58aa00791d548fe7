import React, { useMemo, useState } from 'react';
import {
  Button,
  ConfirmModal,
  FilterInput,
  IconButton,
  LoadingPlaceholder,
  Pagination,
  Stack,
  Tag,
  Text,
  useStyles2,
} from '@grafana/ui';

import type { CollectorApi } from '../api';
import type { TagRow } from '@exowatch/contract';
import { describeError } from '../errors';
import { buildTargetRows, searchRows } from '../tags/targets';
import { AdminMessages, useAdminData } from './adminPage';
import { CsvImport } from './CsvImport';
import { TagEditForm } from './TagEditForm';
import { TagHistory } from './TagHistory';
import { getTableStyles } from './tableStyles';

interface Props {
  api: CollectorApi;
}

const PAGE_SIZE = 50;
const TAG_PAGE = 1000;
const MAX_TAG_PAGES = 50;

/** Every tag in force now, page by page (GET /api/v1/tags answers at most 1000 at a time). */
async function allTags(api: CollectorApi): Promise<TagRow[]> {
  const out: TagRow[] = [];
  for (let page = 0; page < MAX_TAG_PAGES; page++) {
    const { total, items } = await api.listTags({ limit: TAG_PAGE, offset: page * TAG_PAGE });
    out.push(...items);
    if (out.length >= total || items.length < TAG_PAGE) {
      break;
    }
  }
  return out;
}

/** Every number and flow with its tags in force now. */
async function loadTargets(api: CollectorApi) {
  const [exophones, agents, flows, tags, tagKeys] = await Promise.all([
    api.exophones(),
    api.agents(),
    api.flows(),
    allTags(api),
    api.tagKeys(),
  ]);
  return { rows: buildTargetRows(exophones, agents, flows, tags), tags, reservedKeys: tagKeys.reserved };
}

type Panel =
  | { kind: 'edit'; target: string; key?: string; value?: string }
  | { kind: 'history'; target: string }
  | { kind: 'import' }
  | { kind: 'none' };

/** The tag admin page: numbers and flows with their tags; add, change, remove, history, CSV import. */
export function TagAdmin({ api }: Props) {
  const styles = useStyles2(getTableStyles);
  const admin = useAdminData(api, loadTargets, describeError);
  const { data, error, setError, setNotice, reload: load } = admin;
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [panel, setPanel] = useState<Panel>({ kind: 'none' });
  const [removing, setRemoving] = useState<TagRow>();

  const found = useMemo(() => searchRows(data?.rows ?? [], search), [data, search]);
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const shown = found.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const knownKeys = useMemo(() => [...new Set((data?.tags ?? []).map((t) => t.key))].sort(), [data]);

  const saved = (message: string) => {
    setPanel({ kind: 'none' });
    setNotice(message);
    load();
  };
  const remove = async (tag: TagRow) => {
    setRemoving(undefined);
    try {
      await api.removeTag(tag.target, tag.key);
      saved(`Removed ${tag.key}=${tag.value} from ${tag.target}`);
    } catch (e) {
      setError(`cannot remove ${tag.key} from ${tag.target}: ${describeError(e)}`);
    }
  };

  return (
    <div data-testid="tag-admin">
      <Stack direction="column" gap={2}>
        <Text color="secondary">
          Tags give numbers and flows their team, region or group. A change applies from its effective-from date;
          figures before it keep the old value. Calls take their ExoPhone&apos;s and flow&apos;s tags, overlaid by the
          agent&apos;s.
        </Text>
        <Stack gap={1} alignItems="center">
          <FilterInput
            placeholder="Search numbers, flows, names, team=sales…"
            value={search}
            onChange={(v) => (setSearch(v), setPage(1))}
          />
          <Button icon="plus" onClick={() => setPanel({ kind: 'edit', target: '' })}>
            Add tag
          </Button>
          <Button icon="upload" variant="secondary" onClick={() => setPanel({ kind: 'import' })}>
            Import CSV
          </Button>
          <IconButton name="sync" tooltip="Reload" onClick={load} />
        </Stack>
        <AdminMessages {...admin} />
        {panel.kind === 'edit' && (
          <TagEditForm
            key={`${panel.target}/${panel.key ?? ''}`}
            api={api}
            target={panel.target}
            tagKey={panel.key}
            value={panel.value}
            knownKeys={knownKeys}
            reservedKeys={data?.reservedKeys ?? []}
            onSaved={() => saved('Tag saved')}
            onCancel={() => setPanel({ kind: 'none' })}
          />
        )}
        {panel.kind === 'history' && (
          <TagHistory api={api} target={panel.target} onClose={() => setPanel({ kind: 'none' })} />
        )}
        {panel.kind === 'import' && <CsvImport api={api} onApplied={load} onClose={() => setPanel({ kind: 'none' })} />}
        {!data && !error && <LoadingPlaceholder text="Loading numbers, flows and tags…" />}
        {data && (
          <table className={styles.table} data-testid="tag-table">
            <thead>
              <tr>
                <th>Number / flow</th>
                <th>Kind</th>
                <th>Name</th>
                <th>Tags (click to change)</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr key={row.target} data-testid={`target-${row.target}`}>
                  <td>{row.target}</td>
                  <td>{row.kind}</td>
                  <td>{row.name}</td>
                  <td>
                    <Stack gap={0.5} wrap="wrap">
                      {row.tags.map((t) => (
                        <span key={t.key}>
                          <Tag
                            name={`${t.key}=${t.value}`}
                            colorIndex={t.source === 'manual' ? 0 : 4}
                            title={
                              t.source === 'manual' ? 'click to change' : 'from the ExoPhone list; click to override'
                            }
                            onClick={() => setPanel({ kind: 'edit', target: row.target, key: t.key, value: t.value })}
                          />
                          {t.source === 'manual' && (
                            <IconButton
                              size="xs"
                              name="times"
                              aria-label={`Remove ${t.key} from ${row.target}`}
                              onClick={() => setRemoving(t)}
                            />
                          )}
                        </span>
                      ))}
                    </Stack>
                  </td>
                  <td>
                    <Stack gap={0.5}>
                      <IconButton
                        name="plus"
                        aria-label={`Add tag to ${row.target}`}
                        onClick={() => setPanel({ kind: 'edit', target: row.target })}
                      />
                      <IconButton
                        name="history"
                        aria-label={`History of ${row.target}`}
                        onClick={() => setPanel({ kind: 'history', target: row.target })}
                      />
                    </Stack>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {data && found.length === 0 && <Text color="secondary">Nothing matches “{search}”.</Text>}
        {pages > 1 && <Pagination currentPage={page} numberOfPages={pages} onNavigate={setPage} />}
      </Stack>
      <ConfirmModal
        isOpen={!!removing}
        title="Remove tag"
        body={removing ? `End ${removing.key}=${removing.value} on ${removing.target} now? The history keeps it.` : ''}
        confirmText="Remove"
        onConfirm={() => removing && remove(removing)}
        onDismiss={() => setRemoving(undefined)}
      />
    </div>
  );
}
