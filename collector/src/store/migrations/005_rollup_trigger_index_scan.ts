import { callsMarkRollups } from '../migrationSql/marking';

export const sql = `-- The repeat-caller part of calls_mark_rollups() looked up the caller's earlier calls with
-- \`from_number = X AND date_created in [t - 24h, t)\`. For freshly written days the planner's
-- statistics end before \`t\`, so it estimates one row for that date range and picks the date_created
-- index: every inserted inbound call scanned all calls of the previous 24 hours (the store's upsert
-- rate fell 15x). Writing the upper bound as an expression (\`date_created + interval '0'\`) keeps the
-- date_created index from serving the range alone, so the lookup goes through
-- (from_number, date_created) and reads only the caller's own calls.
${callsMarkRollups({ replaces: true, callerLookup: 'expressionUpperBound', obeysMarkingSwitch: false })}
`;
