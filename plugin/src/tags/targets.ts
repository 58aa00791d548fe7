import type { ExoPhoneInfo, TagRow } from '@exowatch/contract';

/** A row of the tag admin table: one number or flow with the tags in force. */
export interface TargetRow {
  target: string;
  kind: 'ExoPhone' | 'agent' | 'flow' | 'number';
  name: string;
  tags: TagRow[];
}

/** Joins the collector's ExoPhones, agents and flows with the tags in force, sorted by kind then target. */
export function buildTargetRows(
  exophones: readonly ExoPhoneInfo[],
  agents: readonly string[],
  flows: readonly string[],
  tags: readonly TagRow[]
): TargetRow[] {
  const rows = new Map<string, TargetRow>();
  const add = (target: string, kind: TargetRow['kind'], name = '') => {
    if (!rows.has(target)) {
      rows.set(target, { target, kind, name, tags: [] });
    }
  };
  exophones.forEach((p) => add(p.number, 'ExoPhone', p.name ?? ''));
  agents.forEach((a) => add(a, 'agent'));
  flows.forEach((f) => add(`flow:${f}`, 'flow'));
  for (const tag of tags) {
    add(tag.target, tag.target.startsWith('flow:') ? 'flow' : 'number');
    rows.get(tag.target)!.tags.push(tag);
  }
  const order: Array<TargetRow['kind']> = ['ExoPhone', 'agent', 'number', 'flow'];
  return [...rows.values()].sort(
    (a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.target.localeCompare(b.target)
  );
}

/** Case-insensitive search over target, kind, name and `key=value` of every tag; all words must match. */
export function searchRows(rows: readonly TargetRow[], search: string): TargetRow[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    return [...rows];
  }
  return rows.filter((r) => {
    const text = [r.target, r.kind, r.name, ...r.tags.map((t) => `${t.key}=${t.value}`)].join(' ').toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
