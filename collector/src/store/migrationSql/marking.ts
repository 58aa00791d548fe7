// The marking functions: what marks a rollup or callback slot dirty when the calls it is computed from
// change. Each migration that changed one states only what changed, as options, and the builder writes
// that version's whole function (docs/schema.md, "How migrations are written"). Released migrations
// must generate exactly the SQL they were released with (store/releasedMigrations.ts), so a new behaviour
// here is a new option that a new migration opts into.
import { plpgsqlFunction, sqlFunction } from './functions';

/** True unless the transaction switched marking off (`SET LOCAL exowatch.mark_rollup_slots = 'off'`, 011). */
export const MARKING_ON = "current_setting('exowatch.mark_rollup_slots', true) IS DISTINCT FROM 'off'";

/** The upsert that marks a slot, bumping `touched` so a writer always takes the row lock. */
export const bumpTouched = (table: string) =>
  `ON CONFLICT (slot) DO UPDATE SET touched = ${table}.touched + 1`;

/**
 * How the lookup of a caller's calls in the window before an instant bounds `date_created`:
 * - `halfOpenRange`: plainly (003), which let the planner pick the date_created index alone;
 * - `expressionUpperBound`: the upper bound as an expression that index cannot serve (005, 009);
 * - `rowBounds`: both ends as (from_number, date_created) rows, which only that index serves (010).
 */
export type CallerLookup = 'halfOpenRange' | 'expressionUpperBound' | 'rowBounds';

interface CallerSlots {
  /** The dirty-slot table to mark. */
  into: string;
  /** The SQL for the caller's number and the instant the window ends at. */
  caller: string;
  before: string;
  window: string;
  lookup: CallerLookup;
  indent: string;
  /** A last condition of the lookup, if any. */
  alsoWhen?: string;
}

function callerBounds({ caller, before, window, lookup }: CallerSlots): [string, string] {
  const from = `${before} - interval '${window}'`;
  switch (lookup) {
    case 'halfOpenRange':
      return [`c.date_created >= ${from}`, `c.date_created < ${before}`];
    case 'expressionUpperBound':
      return [`c.date_created >= ${from}`, `c.date_created + interval '0' < ${before}`];
    case 'rowBounds':
      return [
        `(c.from_number, c.date_created) >= (${caller}, ${from})`,
        `(c.from_number, c.date_created) < (${caller}, ${before})`,
      ];
  }
}

/** Marks the slots of the caller's inbound calls in the window before an instant (no `;`). */
function markCallerSlots(lookup: CallerSlots): string {
  const { indent } = lookup;
  const [lower, upper] = callerBounds(lookup);
  // The two bounds share a line where it fits the repository's 110 columns.
  const oneLine = `${indent}  AND ${lower} AND ${upper}`;
  const bounds = oneLine.length <= 110 ? [oneLine] : [`${indent}  AND ${lower}`, `${indent}  AND ${upper}`];
  return [
    `${indent}INSERT INTO ${lookup.into} (slot)`,
    `${indent}SELECT DISTINCT rollup_slot(c.date_created) FROM calls c`,
    `${indent}WHERE c.from_number = ${lookup.caller} AND c.direction = 'inbound'`,
    ...bounds,
    ...(lookup.alsoWhen ? [`${indent}  AND ${lookup.alsoWhen}`] : []),
    `${indent}${bumpTouched(lookup.into)}`,
  ].join('\n');
}

export interface MarkingVersion {
  /** A later version of the function: `CREATE OR REPLACE`. */
  replaces: boolean;
  /** Whether it honours the transaction's switch (MARKING_ON), as mark_rollup_slot() does since 011. */
  obeysMarkingSwitch: boolean;
}

/** Marks one rollup slot: what every rollup marking path calls. */
export function markRollupSlot(version: MarkingVersion): string {
  const insert = version.obeysMarkingSwitch
    ? `  INSERT INTO rollup_dirty_slots (slot)\n  SELECT rollup_slot(ts) WHERE ${MARKING_ON}`
    : '  INSERT INTO rollup_dirty_slots (slot) VALUES (rollup_slot(ts))';
  return sqlFunction({
    replaces: version.replaces,
    signature: 'mark_rollup_slot(ts timestamptz)',
    returns: 'void',
    body: `${insert}\n  ${bumpTouched('rollup_dirty_slots')}`,
  });
}

/**
 * A written call dirties its slot (before and after the change); a new inbound call also dirties the
 * slots of the same caller's inbound calls of the previous 24 hours (their repeat-caller flag).
 */
export function callsMarkRollups(version: MarkingVersion & { callerLookup: CallerLookup }): string {
  const callerChanged = `(TG_OP = 'INSERT' OR OLD.from_number IS DISTINCT FROM NEW.from_number
            OR OLD.direction IS DISTINCT FROM NEW.direction)`;
  const switchOn = version.obeysMarkingSwitch ? `\n       AND ${MARKING_ON}` : '';
  const body = `  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM mark_rollup_slot(OLD.date_created);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM mark_rollup_slot(NEW.date_created);
    IF NEW.direction = 'inbound' AND NEW.from_number IS NOT NULL
       AND ${callerChanged}${switchOn} THEN
${markCallerSlots({
  into: 'rollup_dirty_slots',
  caller: 'NEW.from_number',
  before: 'NEW.date_created',
  window: '24 hours',
  lookup: version.callerLookup,
  indent: '      ',
})};
    END IF;
  END IF;
  RETURN NULL;`;
  return plpgsqlFunction({
    replaces: version.replaces,
    signature: 'calls_mark_rollups()',
    returns: 'trigger',
    body,
  });
}

/**
 * A call that connected with a customer may be the callback of the customer's inbound calls of the 31
 * days before (no callback window reaches further): marks their callback slots.
 */
export function markCallbackCustomer(version: MarkingVersion & { callerLookup: CallerLookup }): string {
  return sqlFunction({
    replaces: version.replaces,
    signature: 'mark_callback_customer(caller_number text, connected_at timestamptz)',
    returns: 'void',
    body: markCallerSlots({
      into: 'callback_dirty_slots',
      caller: '$1',
      before: '$2',
      window: '31 days',
      lookup: version.callerLookup,
      indent: '  ',
      alsoWhen: version.obeysMarkingSwitch ? MARKING_ON : undefined,
    }),
  });
}
