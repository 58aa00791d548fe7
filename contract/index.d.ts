/**
 * The JSON shapes of the collector's HTTP API (docs/api.md): the one contract the collector answers with
 * and the plugin reads. Declarations only, so there is nothing to build and nothing reaches a bundle; the
 * collector checks its zod request schema and its answers against these types at compile time.
 */

export interface MetricInfo {
  name: string;
  title: string;
  description: string;
  formula: string;
  /** A Grafana unit id (short, percentunit, s, none). */
  unit: string;
  source: 'calls' | 'health';
  /** Allowed group-by keys; `<tag key>` stands for any tag key. */
  groupBy: string[];
}

/** POST /api/v1/query: from/to are epoch milliseconds or ISO-8601 strings with an offset. */
export interface QueryRequestBody {
  refId?: string;
  from: number | string;
  to: number | string;
  interval: string;
  timeZone?: string;
  metric: string;
  groupBy?: string[];
  filters?: Array<{ key: string; op?: 'in' | 'not_in'; values: string[] }>;
  /** Service-level thresholds in seconds: a default and per value of a team tag. */
  serviceLevel?: { defaultSeconds?: number; teamKey?: string; byTeam?: Record<string, number> };
}

export interface CollectorField {
  name: string;
  type: 'time' | 'number' | 'string';
  values: Array<number | string | null>;
  labels?: Record<string, string>;
  config?: {
    unit?: string;
    displayNameFromDS?: string;
    custom?: { role: 'value' | 'numerator' | 'denominator' };
  };
}

export interface CollectorFrame {
  name: string;
  refId?: string;
  fields: CollectorField[];
  meta?: {
    notices?: Array<{ severity: 'info' | 'warning'; text: string }>;
    custom?: Record<string, unknown>;
  };
}

export interface QueryResponse {
  frames: CollectorFrame[];
}

export interface CollectorAnnotation {
  time: number;
  timeEnd: number;
  title: string;
  text: string;
  tags: string[];
}

export interface ExoPhoneInfo {
  number: string;
  name: string | null;
  region: string | null;
}

export interface TagRow {
  target: string;
  key: string;
  value: string;
  validFrom: string | null;
  validTo: string | null;
  source: 'manual' | 'exophone_list';
}

/** POST /api/v1/tags/import with dryRun: what one valid row would do, in file order. */
export interface TagImportChange {
  /** 1-based record number in the file (the header is 1). */
  row: number;
  target: string;
  key: string;
  /** The manual value in force at validFrom before the import, null when none. */
  previous: string | null;
  value: string;
  validFrom: string;
  action: 'add' | 'change' | 'unchanged';
}

export interface TagImportPreview {
  dryRun: true;
  rows: number;
  changes: TagImportChange[];
}

export interface TagImportResult {
  dryRun: false;
  rows: number;
  /** Rows that changed a tag. */
  written: number;
}

/** A row the import refused (400 invalid rows, 409 conflict with history): row 0 is the whole file. */
export interface TagImportRowError {
  row: number;
  error: string;
}

export interface TagKeyInfo {
  key: string;
  targets: number;
  values: number;
}

export interface TagValueInfo {
  value: string;
  targetsNow: number;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  database: { ok: boolean; error?: string; serverVersion?: string; timescaledb?: string | null };
  accounts: Array<{
    accountSid: string;
    syncedUntil: string | null;
    lagSeconds: number | null;
    lastSuccessAt: string | null;
    lastError: string | null;
  }>;
}

/** The bodies of the GET endpoints: each wraps its list in a named field. */
export interface MetricsResponse {
  metrics: MetricInfo[];
}

export interface AnnotationsResponse {
  annotations: CollectorAnnotation[];
}

export interface ExoPhonesResponse {
  exophones: ExoPhoneInfo[];
}

export interface AgentsResponse {
  agents: string[];
}

export interface FlowsResponse {
  flows: string[];
}

export interface TagKeysResponse {
  keys: TagKeyInfo[];
  /** Keys no tag may have: the built-in dimensions of calls. The collector refuses them. */
  reserved: string[];
}

export interface TagValuesResponse {
  values: TagValueInfo[];
}

/** GET /api/v1/tags: one page of tag rows and the total across pages. */
export interface TagListResponse {
  total: number;
  items: TagRow[];
}

export interface TagHistoryResponse {
  target: string;
  history: TagRow[];
}

/** Business calendars (docs/api.md "Calendars"). Weekday keys: mon … sun; clock times `HH:MM` (24:00 allowed as a closing time). */
export type CalendarWeekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The `period` dimension of every call metric. */
export type CalendarPeriod = 'business_hours' | 'after_hours' | 'holiday';

/** Open from `from` to `to`, local time; a `to` at or before `from` runs overnight into the next day. */
export interface CalendarOpenRange {
  from: string;
  to: string;
}

/** A closed local date (`YYYY-MM-DD`); with from/to only that part of the day is a holiday. */
export interface CalendarHoliday {
  date: string;
  name?: string;
  from?: string;
  to?: string;
}

/** Hours and holidays of a calendar, as in force from one instant on. */
export interface CalendarRules {
  timeZone: string;
  week: Partial<Record<CalendarWeekday, CalendarOpenRange[]>>;
  holidays: CalendarHoliday[];
}

/** One effective-dated version of a calendar's rules (validTo null: still in force). */
export interface CalendarVersion extends CalendarRules {
  validFrom: string | null;
  validTo: string | null;
}

/**
 * What a calendar applies to: `team:<team tag value>`, an ExoPhone in E.164, `flow:<flow_id>`, or
 * `default` (the account's default calendar). A call takes its team's calendar, else its flow's, else
 * its ExoPhone's, else the default; with none at all every hour is business hours.
 */
export interface CalendarAssignment {
  target: string;
  validFrom: string | null;
  validTo: string | null;
}

export interface CalendarInfo {
  /** Lower-case letters, digits, `-` and `_`. */
  id: string;
  name: string;
  /** All versions, oldest first; the last one is in force now. */
  versions: CalendarVersion[];
  assignments: CalendarAssignment[];
}

/** GET /api/v1/calendars */
export interface CalendarsResponse {
  calendars: CalendarInfo[];
}

/**
 * PUT /api/v1/calendars/:id (admin): creates the calendar or starts a new version of its rules at
 * `validFrom` (default now; earlier instants re-date the answers from then on). `assignments` replaces
 * the targets the calendar applies to, from `validFrom` on.
 */
export interface CalendarWriteBody {
  name: string;
  rules: CalendarRules;
  validFrom?: string;
  assignments?: string[];
}

/** POST /api/v1/calendars/:id/holidays/import (admin): a CSV (`date,name[,from,to]`) or iCalendar body. */
export interface CalendarHolidayImportResult {
  /** Holidays added (dates already present are kept as they are). */
  added: number;
  holidays: CalendarHoliday[];
}

/** One missed inbound call still waiting for a callback (GET /api/v1/callbacks/open). */
export interface OpenCallback {
  callSid: string;
  /** Epoch milliseconds. */
  missedAt: number;
  team: string | null;
  exophone: string | null;
  /** The customer's number: only the last 4 digits (`••••1234`) unless the admin token was used. */
  customer: string;
  /** Business seconds waited so far (the team's calendar). */
  waitedSeconds: number;
  /** Epoch milliseconds at which the callback window ends. */
  windowEndsAt: number;
}

export interface OpenCallbacksResponse {
  callbacks: OpenCallback[];
}
