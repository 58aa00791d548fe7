/**
 * One row per call with the dimensions and the 0/1 (or seconds) measures every call metric is summed
 * from. The rollups are `SUM(measure)` of these rows per bucket, and the raw path sums the same rows,
 * so both give identical numbers by construction. Definitions: docs/kpis.md.
 */

/** Service-level thresholds (seconds) kept in the rollups; T must be one of them. */
export const SL_THRESHOLDS = [5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300] as const;

/*
 * The agent leg of an inbound call, by order of evidence (docs/kpis.md "The agent leg outcome"):
 *   1. the Bulk API's `Details` (Leg2Status, ConversationDuration), when the call has them;
 *   2. Passthru's documented fields: DialCallStatus, CallType (completed / client-hangup / incomplete /
 *      call-attempt), DialCallDuration, DialWhomNumber.
 * Exotel documents `details=true` for the single-call API only, so a bulk record may have no Details:
 * Passthru alone must then give the same offered / answered / missed / talk time. A StatusCallback is
 * sent only for calls made through the Calls API, never for an inbound call, so it is no evidence here.
 */

/** The Bulk API record carries a `Details` block (every documented one has Leg1Status and Legs). */
const HAS_DETAILS = `(c.leg1_status IS NOT NULL OR c.leg2_status IS NOT NULL OR c.legs IS NOT NULL
    OR c.conversation_duration IS NOT NULL)`;

/**
 * Leg outcomes that end an offered call. Passthru's client-hangup refines a bulk no-answer/busy/failed
 * (the caller hung up while the agent was ringing). CallType `completed` means "the conversation
 * happened" and `incomplete` "no agent answered" (Exotel's Passthru article); DialCallStatus, when
 * Passthru has it, names the reason more precisely than `incomplete`.
 */
const LEG_OUTCOME = `CASE
    WHEN c.leg2_status = 'completed' THEN 'completed'
    WHEN p.last_call_type = 'client-hangup' THEN 'caller-hangup'
    WHEN c.leg2_status IN ('no-answer', 'busy', 'failed') THEN c.leg2_status
    WHEN c.leg2_status = 'canceled' THEN 'caller-hangup'
    WHEN p.last_call_type = 'completed' THEN 'completed'
    WHEN p.last_dial_call_status IN ('completed', 'no-answer', 'busy', 'failed') THEN p.last_dial_call_status
    WHEN p.last_dial_call_status = 'canceled' THEN 'caller-hangup'
    WHEN p.last_call_type = 'incomplete' THEN 'no-answer'
    ELSE 'unsettled' END`;

/** Seconds the caller talked with the agent: bulk ConversationDuration, else Passthru's DialCallDuration. */
const TALK = `coalesce(c.conversation_duration, p.dial_call_duration)`;

/** A Connect (agent dial) was attempted: the Bulk API shows an agent leg, or Passthru saw a dial (never NULL). */
const DIALLED_SQL = `coalesce(c.leg2_status IS NOT NULL OR p.agent_number IS NOT NULL OR p.last_dial_call_status IS NOT NULL
    OR p.last_call_type IN ('completed', 'client-hangup', 'incomplete', 'voicemail'), false)`;

/**
 * The agent leg of call `c` (its Passthru `p`) as `d.leg` and `d.dialled`, worked out once per call.
 * The measures read them a score of times, and PostgreSQL would evaluate the expressions of a plain
 * lateral subquery at every reference: OFFSET 0 keeps the subquery (and its single evaluation) whole.
 */
const legOf = (columns: string) => `CROSS JOIN LATERAL (SELECT ${columns}
    ${LEG_OUTCOME} AS leg, ${DIALLED_SQL} AS dialled OFFSET 0) d`;
const DIALLED = 'd.dialled';

/** Nothing tells what became of the call: no Details, no Passthru event (counted apart, never guessed). */
const NO_EVIDENCE = `(NOT ${HAS_DETAILS} AND p.events IS NULL)`;

const INBOUND = `c.direction = 'inbound'`;
const OFFERED = `(${INBOUND} AND ${DIALLED})`;
const ANSWERED = `(${OFFERED} AND d.leg = 'completed')`;
const DELAY = `(c.duration - ${TALK})`;

const flag = (condition: string) => `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

/** Measure name → SQL over `c` (calls), `p` (the call's Passthru, all NULL without events; passthruSql) and `d` (its agent leg: legOf). */
export const CALL_MEASURES: Readonly<Record<string, string>> = {
  calls: '1',
  st_completed: flag(`c.status = 'completed'`),
  st_busy: flag(`c.status = 'busy'`),
  st_no_answer: flag(`c.status = 'no-answer'`),
  st_failed: flag(`c.status = 'failed'`),
  st_other: flag(`c.status IS NULL OR c.status NOT IN ('completed', 'busy', 'no-answer', 'failed')`),
  offered: flag(OFFERED),
  answered: flag(ANSWERED),
  ivr_only: flag(`${INBOUND} AND NOT ${DIALLED} AND NOT ${NO_EVIDENCE}`),
  outcome_unknown: flag(`${INBOUND} AND ${NO_EVIDENCE}`),
  missed_no_answer: flag(`${OFFERED} AND d.leg = 'no-answer'`),
  missed_busy: flag(`${OFFERED} AND d.leg = 'busy'`),
  missed_failed: flag(`${OFFERED} AND d.leg = 'failed'`),
  missed_caller_hangup: flag(`${OFFERED} AND d.leg = 'caller-hangup'`),
  missed_unsettled: flag(`${OFFERED} AND d.leg = 'unsettled'`),
  talk_seconds: `(CASE WHEN ${ANSWERED} THEN coalesce(${TALK}, 0) ELSE 0 END)`,
  sl_unknown: flag(`${ANSWERED} AND ${DELAY} IS NULL`),
  ...Object.fromEntries(
    SL_THRESHOLDS.map((t) => [`sl_within_${t}`, flag(`${ANSWERED} AND ${DELAY} <= ${t}`)]),
  ),
  // A later inbound call from the same number within 24 h (ties on the instant broken by sid). The
  // bounds are one range on (from_number, date_created), the tie rule a filter: written as one OR
  // the planner also probed every call of the same instant, from any number, through a second index.
  repeat_calls: flag(`${INBOUND} AND c.from_number IS NOT NULL AND EXISTS (
      SELECT 1 FROM calls r
      WHERE r.from_number = c.from_number AND r.direction = 'inbound'
        AND r.date_created >= c.date_created AND r.date_created <= c.date_created + interval '24 hours'
        AND (r.date_created > c.date_created OR r.sid > c.sid))`),
};

export const MEASURE_NAMES: readonly string[] = Object.keys(CALL_MEASURES);

/**
 * What Passthru said about each call `where` (SQL on `c`) selects, by call_sid and account_sid: the
 * latest non-empty value of each field, by Exotel's CurrentTime then arrival (the rule of the
 * call_passthru view). Grouped over those calls' events alone, so the planner probes the call_sid index
 * per call for a few calls and hashes the join for weeks of them (a probe per call, as a lateral
 * aggregate, was a third of the facts' cost); the view, grouped whole, would aggregate every event.
 */
const latest = (column: string) =>
  `(array_agg(pe.${column} ORDER BY pe.exotel_current_time DESC NULLS LAST, pe.received_at DESC) FILTER (WHERE pe.${column} IS NOT NULL))[1]`;
const passthruSql = (where: string) => `SELECT pe.call_sid, pe.account_sid, ${latest('flow_id')} AS flow_id,
      ${latest('dial_whom_number')} AS agent_number, ${latest('call_type')} AS last_call_type,
      ${latest('dial_call_status')} AS last_dial_call_status, ${latest('dial_call_duration')} AS dial_call_duration,
      count(*) AS events
    FROM passthru_events pe WHERE pe.call_sid IN (SELECT c.sid FROM calls c WHERE ${where})
    GROUP BY pe.call_sid, pe.account_sid`;
const passthruJoin = (where: string) =>
  `LEFT JOIN (${passthruSql(where)}) p ON p.call_sid = c.sid AND p.account_sid = c.account_sid`;

export interface FactsOptions {
  /** SQL condition on `c` restricting the calls (already parameterised by the caller). */
  where: string;
  /** Measures to compute (default all). */
  measures?: readonly string[];
  /** A relation with (target, valid_from, valid_to, tags): `tag_state` or a temp copy of it. */
  tagState?: string;
  /**
   * Whether to look up each call's period (default true): five joins saved where nothing reads it
   * (missed calls take theirs from the calendar clock).
   */
  period?: boolean;
}

/**
 * The period of call `c` (its tags `t`, its flow `d.flow`): `cp.period`, null without a calendar.
 * The calendar is the first assigned of team, flow, ExoPhone, default (docs/kpis.md "Business hours").
 * A target belongs to at most one calendar at any instant (migration 008), so each of the four targets
 * joins at most one assignment; the period comes from the calendar's 15-minute slot (migration 028),
 * and only where a boundary falls inside the slot from the periods themselves, at the call's instant.
 * Plain joins the planner hashes, like the tag lookups: a probe per call into calendar_assignments and
 * calendar_periods was half of the facts' cost.
 */
const PERIOD_LOOKUP = `LEFT JOIN calendar_assignments a_team ON a_team.target = 'team:' || (t.tags ->> 'team')
      AND a_team.valid_from <= c.date_created AND a_team.valid_to > c.date_created
  LEFT JOIN calendar_assignments a_flow ON a_flow.target = 'flow:' || d.flow
      AND a_flow.valid_from <= c.date_created AND a_flow.valid_to > c.date_created
  LEFT JOIN calendar_assignments a_exophone ON a_exophone.target = d.exophone
      AND a_exophone.valid_from <= c.date_created AND a_exophone.valid_to > c.date_created
  LEFT JOIN calendar_assignments a_default ON a_default.target = 'default'
      AND a_default.valid_from <= c.date_created AND a_default.valid_to > c.date_created
  CROSS JOIN LATERAL (SELECT
    coalesce(a_team.calendar_id, a_flow.calendar_id, a_exophone.calendar_id, a_default.calendar_id) AS id) ca
  LEFT JOIN calendar_slots cs ON cs.calendar_id = ca.id AND cs.slot = rollup_slot(c.date_created)
  CROSS JOIN LATERAL (SELECT CASE WHEN cs.period IS NOT NULL THEN cs.period WHEN ca.id IS NOT NULL THEN (
      SELECT k.period FROM calendar_periods k
      WHERE k.calendar_id = ca.id AND k.start_at <= c.date_created AND k.end_at > c.date_created
      ORDER BY k.start_at DESC LIMIT 1) END AS period) cp`;

/**
 * The facts subquery: columns ts, sid, exophone, agent, flow, direction, status, caller, tags, period
 * (unless `period: false`) and the requested measures. A call's tags are its ExoPhone's, then its
 * flow's, overlaid by its agent's, each as of the call's start (date_created). Its period comes from the calendar assigned to its team
 * tag value, else its flow, else its ExoPhone, else `default` (assignment and periods as of its start,
 * the periods materialised from calendarIntervals()); with no calendar, business hours.
 */
export function factsSql(options: FactsOptions): string {
  const measures = options.measures ?? MEASURE_NAMES;
  const tagState = options.tagState ?? 'tag_state';
  const lookup = (alias: string, target: string) =>
    `LEFT JOIN ${tagState} ${alias} ON ${alias}.target = ${target}
      AND ${alias}.valid_from <= c.date_created AND ${alias}.valid_to > c.date_created`;
  const withPeriod = options.period ?? true;
  const periodColumn = withPeriod ? `\n    coalesce(cp.period, 'business_hours') AS period,` : '';
  return `SELECT c.date_created AS ts, c.sid, d.exophone, d.agent, d.flow, c.direction, c.status, t.tags,
    c.from_number AS caller,${periodColumn}
    ${measures.map((m) => `${CALL_MEASURES[m]} AS ${m}`).join(',\n    ')}
  FROM calls c
  ${passthruJoin(options.where)}
  ${legOf(`c.phone_number AS exophone,
    coalesce(p.agent_number, CASE WHEN c.direction <> 'inbound' THEN c.from_number END) AS agent,
    p.flow_id AS flow,`)}
  ${lookup('tx', 'd.exophone')}
  ${lookup('tf', `'flow:' || d.flow`)}
  ${lookup('ta', 'd.agent')}
  CROSS JOIN LATERAL (SELECT
    coalesce(tx.tags, '{}'::jsonb) || coalesce(tf.tags, '{}'::jsonb) || coalesce(ta.tags, '{}'::jsonb) AS tags) t
  ${withPeriod ? PERIOD_LOOKUP : ''}
  WHERE ${options.where}`;
}

/** Inbound calls an agent answered (the `answered` measure), among those `where` (SQL on `c`) selects: columns caller, ts. */
export function answeredCallsSql(where: string): string {
  return `SELECT c.from_number AS caller, c.date_created AS ts
  FROM calls c
  ${passthruJoin(where)}
  ${legOf('')}
  WHERE (${where}) AND ${ANSWERED}`;
}
