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
