/**
 * The collector's layers, top to bottom (docs/architecture.md draws them). A folder of src/ may import
 * its own layer's folders and any folder below, never one above; test/architecture.test.ts holds the
 * import graph to this list and fails on any folder left out of it. `.` is src/'s own files (log.ts,
 * version.ts, inputError.ts).
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['runtime', 'simulator'],
  ['api', 'webhooks', 'sync', 'metrics', 'exophones'],
  // The built-in families as one registry, and the query entry points bound to it.
  ['query'],
  // Metric families: each adds catalogue entries and answers them (engine/family.ts).
  ['calls', 'callbacks', 'traffic', 'health', 'calendars'],
  // The query engine: request parsing, the family registry, frames. Knows no family.
  ['engine'],
  ['rollups', 'tags', 'privacy', 'audit'],
  ['store'],
  // Pure helpers and the outside world's formats.
  ['querykit', 'normalise', 'exotel', 'journal', 'config', '.'],
];
