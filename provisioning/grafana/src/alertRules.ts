/**
 * The Grafana-managed alert rules of exowatch, written as data and rendered into
 * provisioning/grafana/alerting/exowatch-rules.yaml (`npm run grafana:generate`; a stack test fails when
 * the committed file differs). The types follow Grafana's alert rule file provisioning
 * (pkg/services/provisioning/alerting/rules_types.go: AlertRuleGroupV1, AlertRuleV1, QueryV1), so a
 * misspelt field or an annotation pair without its panel is a compile error here.
 */
import { stringify } from 'yaml';

type Evaluator = { type: 'gt' | 'lt'; params: [number] };

/** Where an alert links to: a provisioned dashboard and the panel that shows its condition. */
export interface PanelRef {
  dashboardUid: 'exowatch-noc' | 'exowatch-teams' | 'exowatch-exophones';
  panelId: number;
}

/** One alert: an instant PromQL query, reduced to its last value, compared with a threshold. */
export interface ThresholdAlert {
  uid: string;
  title: string;
  expr: string;
  above?: number;
  below?: number;
  for: string;
  severity: 'critical' | 'warning';
  noDataState: 'OK' | 'Alerting' | 'NoData';
  summary: string;
  description: string;
  panel: PanelRef;
}

interface QueryV1 {
  refId: 'A' | 'B' | 'C';
  datasourceUid: string;
  relativeTimeRange?: { from: number; to: number };
  model: Record<string, unknown>;
}

interface AlertRuleV1 {
  uid: string;
  title: string;
  condition: QueryV1['refId'];
  data: QueryV1[];
  noDataState: ThresholdAlert['noDataState'];
  execErrState: 'Error' | 'Alerting' | 'OK';
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string> & { __dashboardUid__: string; __panelId__: string };
  isPaused: boolean;
}

interface AlertRuleGroupV1 {
  orgId: number;
  name: string;
  /** A folder title: rule groups cannot name a folder by uid (the dashboards provider names it alike). */
  folder: string;
  interval: string;
  rules: AlertRuleV1[];
}

/** Rules evaluate on the Prometheus data source: Grafana alerting cannot run a frontend-only plugin. */
const PROMETHEUS = { type: 'prometheus', uid: 'prometheus' } as const;
const EXPRESSIONS = { type: '__expr__', uid: '__expr__' } as const;
export const FOLDER = 'exowatch';

function evaluator(alert: ThresholdAlert): Evaluator {
  if (alert.above !== undefined) return { type: 'gt', params: [alert.above] };
  if (alert.below !== undefined) return { type: 'lt', params: [alert.below] };
  throw new Error(`alert ${alert.uid} needs a threshold (above or below)`);
}

/** A → B → C: instant PromQL over the last 10 minutes, last value, threshold; condition C. */
function toRule(alert: ThresholdAlert): AlertRuleV1 {
  return {
    uid: alert.uid,
    title: alert.title,
    condition: 'C',
    data: [
      {
        refId: 'A',
        datasourceUid: PROMETHEUS.uid,
        relativeTimeRange: { from: 600, to: 0 },
        model: {
          refId: 'A',
          expr: alert.expr,
          instant: true,
          range: false,
          intervalMs: 15000,
          maxDataPoints: 43200,
          datasource: PROMETHEUS,
        },
      },
      {
        refId: 'B',
        datasourceUid: EXPRESSIONS.uid,
        model: {
          refId: 'B',
          type: 'reduce',
          expression: 'A',
          reducer: 'last',
          settings: { mode: 'dropNN' },
          datasource: EXPRESSIONS,
        },
      },
      {
        refId: 'C',
        datasourceUid: EXPRESSIONS.uid,
        model: {
          refId: 'C',
          type: 'threshold',
          expression: 'B',
          conditions: [{ evaluator: evaluator(alert) }],
          datasource: EXPRESSIONS,
        },
      },
    ],
    noDataState: alert.noDataState,
    execErrState: 'Error',
    for: alert.for,
    labels: { severity: alert.severity, service: 'exowatch' },
    annotations: {
      summary: alert.summary,
      description: alert.description,
      // Grafana's provisioning refuses one of the pair without the other (SetDashboardAndPanelFromAnnotations).
      __dashboardUid__: alert.panel.dashboardUid,
      __panelId__: String(alert.panel.panelId),
    },
    isPaused: false,
  };
}

/** The alerts; they mirror the Prometheus alerts of provisioning/prometheus/rules/exowatch.rules.yml. */
export const ALERTS: ThresholdAlert[] = [
  {
    uid: 'exowatch-exophone-down',
    title: 'ExoPhone down',
    expr: 'exowatch:exophone_up:max',
    below: 1,
    for: '5m',
    severity: 'critical',
    noDataState: 'OK',
    summary: 'ExoPhone {{ $labels.exophone }} is down for {{ $labels.direction }} calls',
    description:
      "Exotel's heartbeat lists {{ $labels.exophone }} (region {{ $labels.region }}) as affected for {{ $labels.direction }} calls. Switch its traffic to the alternate ExoPhone; see the ExoPhone health dashboard.",
    panel: { dashboardUid: 'exowatch-exophones', panelId: 9 },
  },
  {
    uid: 'exowatch-heartbeats-silent',
    title: 'Exotel heartbeats silent',
    expr: 'exowatch:heartbeat_age_seconds:min',
    above: 900,
    for: '5m',
    severity: 'warning',
    noDataState: 'Alerting',
    summary: 'No Exotel heartbeat for account {{ $labels.account }} for over 15 minutes',
    description:
      'ExoPhone health is unknown. If no heartbeat ever arrived, paste the heartbeat URL printed by the collector into Exotel (Notifications Settings).',
    panel: { dashboardUid: 'exowatch-noc', panelId: 5 },
  },
  {
    uid: 'exowatch-sync-stalled',
    title: 'Call sync stalled',
    expr: 'exowatch:sync_lag_seconds:min',
    above: 900,
    for: '10m',
    severity: 'warning',
    noDataState: 'Alerting',
    summary: 'Call sync of account {{ $labels.account }} is more than 15 minutes behind',
    description: "Dashboards miss recent calls. Check the collector's logs and sync_state.last_error.",
    panel: { dashboardUid: 'exowatch-noc', panelId: 6 },
  },
  {
    uid: 'exowatch-team-pickup-low',
    title: 'Team pickup rate below threshold',
    expr: '(exowatch:team_pickup_rate:ratio15m{team!=""} - on (team) exowatch:team_pickup_rate:threshold) and on (team) exowatch:team_offered_calls:increase15m >= 10',
    below: 0,
    for: '10m',
    severity: 'warning',
    noDataState: 'OK',
    summary: 'Pickup rate of team {{ $labels.team }} is below its threshold',
    description:
      'Over the last 15 minutes the team answered fewer offered calls than its threshold (provisioning/prometheus/rules/exowatch-thresholds.rules.yml). The value is the rate minus the threshold.',
    panel: { dashboardUid: 'exowatch-teams', panelId: 2 },
  },
  {
    uid: 'exowatch-incoming-traffic-dropped',
    title: 'Incoming traffic dropped',
    expr: '(exowatch:incoming_calls_observed:max / on (scope, exophone, team) exowatch:incoming_calls_expected:max{bound="lower"}) and on (scope, exophone, team) exowatch:incoming_calls_expected:max{bound="expected"} >= 10 and on (scope, exophone, team) exowatch:business_hours_open:max == 1',
    below: 0.5,
    for: '15m',
    severity: 'warning',
    noDataState: 'OK',
    summary:
      'Incoming calls to {{ if eq $labels.scope "team" }}team {{ $labels.team }}{{ else }}ExoPhone {{ $labels.exophone }}{{ end }} dropped far below the usual',
    description:
      'Over the last hour it received under half the lower bound of the calls the same hour of the past 4-8 weeks brought, during business hours. The value is observed ÷ lower bound. Exotel may still list the number healthy: call it and check its flow.',
    panel: { dashboardUid: 'exowatch-noc', panelId: 11 }, // NOC "Incoming calls vs expected"
  },
  {
    uid: 'exowatch-exotel-throttled',
    title: 'Exotel API throttled',
    expr: 'exowatch:exotel_rate_limited:rate5m * 60',
    above: 1,
    for: '10m',
    severity: 'warning',
    noDataState: 'OK',
    summary: 'Exotel answers 429 Too Many Requests to account {{ $labels.account }}',
    description:
      "Another client probably shares the account's 200 requests/minute budget: lower requestsPerMinute or stop the other client.",
    panel: { dashboardUid: 'exowatch-noc', panelId: 6 },
  },
  {
    uid: 'exowatch-collector-down',
    title: 'exowatch collector down',
    expr: 'up{job="exowatch-collector"}',
    below: 1,
    for: '2m',
    severity: 'critical',
    noDataState: 'Alerting',
    summary: 'Prometheus cannot scrape the exowatch collector {{ $labels.instance }}',
    description: 'Webhooks sent to it may fail and the sync may have stopped.',
    panel: { dashboardUid: 'exowatch-noc', panelId: 5 },
  },
];

const HEADER = `# GENERATED from provisioning/grafana/src/alertRules.ts by \`npm run grafana:generate\`: edit that file.
# Grafana-managed alert rules of exowatch, evaluated on the Prometheus data source (uid \`prometheus\`):
# a frontend-only plugin cannot be evaluated by Grafana alerting (design decision 8). They mirror the
# Prometheus alerts of provisioning/prometheus/rules/exowatch.rules.yml and use its recording rules.
# Notifications go to the contact point of contact-points.yaml.
`;

/** The YAML of exowatch-rules.yaml (before Prettier, which the generator and the check both apply). */
export function renderAlertRules(alerts: readonly ThresholdAlert[] = ALERTS): string {
  const group: AlertRuleGroupV1 = {
    orgId: 1,
    name: 'exowatch',
    folder: FOLDER,
    interval: '1m',
    rules: alerts.map(toRule),
  };
  return (
    HEADER +
    stringify(
      { apiVersion: 1, groups: [group] },
      { lineWidth: 0, aliasDuplicateObjects: false, singleQuote: true },
    )
  );
}
