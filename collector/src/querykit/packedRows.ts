/** A result row by column name (engine/frames.ts's Row; querykit sits below the engine). */
type Row = Record<string, unknown>;

/**
 * A query's rows packed per group: one row per value of `keys`, each of `columns` an array of its
 * values over the group's rows, as JSON. The driver builds an object per row and parses every field
 * of it on its own: for the 20,000 rows of a month of two teams' agents by hour that took ~50 ms at
 * 10 M calls, longer than the query's grouping. It parses these arrays with JSON.parse, far faster
 * than its array-literal parser on arrays this long. The i-th elements of a group's arrays are one row:
 * PostgreSQL feeds each input row to all of a group's aggregates at once (none here sorts its own).
 * `columns` are column names of `text`, not input.
 */
export function packedSql(text: string, keys: readonly string[], columns: readonly string[]): string {
  const arrays = columns.map((column) => `array_to_json(array_agg(${column})) AS ${column}`);
  const grouped = keys.length > 0 ? ` GROUP BY ${keys.join(', ')}` : '';
  return `SELECT ${[...keys, ...arrays].join(', ')} FROM (${text}) packed${grouped}`;
}

/** The rows of packedSql's groups, one per element of their arrays (none for a group without rows). */
export function unpackRows(
  groups: readonly Row[],
  keys: readonly string[],
  columns: readonly string[],
): Row[] {
  const rows: Row[] = [];
  for (const group of groups) {
    const arrays = columns.map((column) => group[column] as unknown[] | null);
    const count = arrays[0]?.length ?? 0;
    for (let i = 0; i < count; i++) {
      const row: Row = {};
      for (const key of keys) row[key] = group[key];
      columns.forEach((column, c) => (row[column] = arrays[c]![i]));
      rows.push(row);
    }
  }
  return rows;
}
