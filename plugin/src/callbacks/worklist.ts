import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';

import type { OpenCallback } from '@exowatch/contract';
import type { Filter } from '../query/request';
import { WORKLIST_COLUMNS, type TagFilter } from '../types';

/**
 * The callback worklist: the collector's open callbacks (GET /api/v1/callbacks/open) as one table, longest
 * waiting first, restricted to the teams and ExoPhones a panel asks for. The customer number is shown as
 * the collector sent it (masked to its last 4 digits for the viewer token): the plugin never unmasks it.
 */

/** The worklist's columns a filter may restrict. */
export const WORKLIST_KEYS = ['team', 'exophone'] as const;
type WorklistKey = (typeof WORKLIST_KEYS)[number];

export interface WorklistFilter extends Filter {
  key: WorklistKey;
}

const isWorklistKey = (key: string): key is WorklistKey => (WORKLIST_KEYS as readonly string[]).includes(key);

export interface WorklistSelection {
  filters: WorklistFilter[];
  /** Ad hoc filters of the dashboard on other keys, which the worklist cannot apply. */
  ignored: string[];
}

/**
 * The query's filters (variables already applied: query/applyVariables.ts) plus the dashboard's ad hoc
 * filters (resolved by query/adhoc.ts). A query filter on another key is refused; an ad hoc one is set
 * aside and reported, since it is meant for the dashboard's other panels.
 */
export function worklistSelection(filters: readonly TagFilter[], adhoc: readonly Filter[] = []): WorklistSelection {
  const selection: WorklistSelection = { filters: [], ignored: [] };
  for (const f of filters) {
    if (!isWorklistKey(f.key)) {
      throw new Error(`the callback worklist filters by ${WORKLIST_KEYS.join(' and ')} only, not by "${f.key}"`);
    }
    selection.filters.push({ key: f.key, op: f.op, values: f.values });
  }
  for (const filter of adhoc) {
    if (isWorklistKey(filter.key)) {
      selection.filters.push({ ...filter, key: filter.key });
    } else {
      selection.ignored.push(filter.key);
    }
  }
  return selection;
}

function matches(callback: OpenCallback, filter: WorklistFilter): boolean {
  const value = callback[filter.key] ?? '';
  return filter.values.includes(value) === ((filter.op ?? 'in') === 'in');
}

/** The worklist table of a query (refId), from the collector's answer. */
export function worklistFrame(
  refId: string,
  callbacks: readonly OpenCallback[],
  selection: WorklistSelection
): DataFrame {
  const rows = callbacks
    .filter((c) => selection.filters.every((f) => matches(c, f)))
    .sort((a, b) => a.missedAt - b.missedAt);
  const column = <T>(pick: (c: OpenCallback) => T) => rows.map(pick);
  const notices = selection.ignored.map((key) => ({
    severity: 'info' as const,
    text: `ad hoc filter on "${key}" not applied: the worklist has team and ExoPhone only`,
  }));
  return createDataFrame({
    refId,
    name: 'callbacks',
    fields: [
      { name: WORKLIST_COLUMNS.missedAt, type: FieldType.time, values: column((c) => c.missedAt) },
      { name: WORKLIST_COLUMNS.team, type: FieldType.string, values: column((c) => c.team ?? '') },
      { name: WORKLIST_COLUMNS.exophone, type: FieldType.string, values: column((c) => c.exophone ?? '') },
      {
        name: WORKLIST_COLUMNS.waited,
        type: FieldType.number,
        values: column((c) => c.waitedSeconds),
        config: { unit: 's', description: 'Business time waited so far (the calendar of the call)' },
      },
      { name: WORKLIST_COLUMNS.customer, type: FieldType.string, values: column((c) => c.customer) },
      {
        name: WORKLIST_COLUMNS.windowEnds,
        type: FieldType.time,
        values: column((c) => c.windowEndsAt),
        config: { description: 'When the callback window ends' },
      },
      { name: WORKLIST_COLUMNS.callSid, type: FieldType.string, values: column((c) => c.callSid) },
    ],
    meta: notices.length > 0 ? { notices } : {},
  });
}
