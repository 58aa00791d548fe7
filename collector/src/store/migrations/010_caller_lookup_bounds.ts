import { callsMarkRollups, markCallbackCustomer } from '../migrationSql/marking';

export const sql = `-- The marking triggers look up a caller's calls before an instant: the repeat-caller flags of the 24
-- hours before a new inbound call (calls_mark_rollups, 005) and the missed calls of the 31 days before
-- a connection (mark_callback_customer, 009). Both wrote the upper bound as an expression so that the
-- date_created index alone could not serve the range (005), which left only the lower bound in the
-- (from_number, date_created) index scan: every later call of the same number was read and filtered.
-- A number many calls share (a withheld caller ID, a test line) then cost thousands of heap fetches
-- per written call or Passthru event: 10,000 calls of one caller made Passthru freshness 2.7 s p99.
-- Row comparisons bound both ends in (from_number, date_created), and only that index can serve them.

${callsMarkRollups({ replaces: true, callerLookup: 'rowBounds', obeysMarkingSwitch: false })}

${markCallbackCustomer({ replaces: true, callerLookup: 'rowBounds', obeysMarkingSwitch: false })}
`;
