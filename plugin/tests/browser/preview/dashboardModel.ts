/**
 * The parts of Grafana's classic dashboard JSON model that exowatch's tests read: the stack tests check the
 * provisioned dashboards with it (tests/stack/support/dashboards.ts) and the dashboard preview draws them.
 * Types only, without imports, so that both the plugin's and the stack tests' TypeScript builds can read it.
 */

export interface DataSourceRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DataSourceRef;
  hide?: boolean;
  [key: string]: unknown;
}

/**
 * A panel, its field config typed by the reader: the preview as @grafana/data's FieldConfigSource, the stack
 * tests (which do not depend on @grafana/data) loosely.
 */
export interface Panel<FieldConfig = { defaults?: Record<string, unknown>; overrides?: unknown[] }> {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: DataSourceRef;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  timeFrom?: string;
  timeShift?: string;
  fieldConfig?: FieldConfig;
  /** A row's panels. */
  panels?: Array<Panel<FieldConfig>>;
}
