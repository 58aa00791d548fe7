import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ExotelRequestEvent } from '../exotel/client';
import type { CallRecord } from '../normalise/types';
import type { AgentStateReading } from '../store/agentStates';
import { NO_TRAFFIC_READINGS, type TrafficReadings } from '../traffic/readings';

/**
 * Every exowatch_* metric (docs/metrics.md). Labels are bounded: ExoPhones, directions, regions,
 * teams, flows, accounts, routes and outcomes; never caller numbers or call SIDs.
 */

export type HealthStateLabel = 'healthy' | 'affected' | 'unknown';
const HEALTH_STATES: readonly HealthStateLabel[] = ['healthy', 'affected', 'unknown'];

export interface ExoPhoneHealthReading {
  /** The ExoPhone's E.164 number, or its SID when the number is not known. */
  exophone: string;
  direction: 'incoming' | 'outgoing';
  /** Circle code, '' when unknown. */
  region: string;
  state: HealthStateLabel;
}

export interface HealthReadings {
  exophones: ExoPhoneHealthReading[];
  /** Seconds since the account's last heartbeat; null when none has ever arrived. */
  heartbeatAgeSeconds: Map<string, number | null>;
}

export interface SyncReading {
  accountSid: string;
  /** Everything created before this has been read (sync_state.synced_until). */
  syncedUntil: Date | null;
  lastSuccessAt: Date | null;
}

export interface JournalReading {
  events: number;
  bytes: number;
}

export interface QueryLaneReading {
  lane: string;
  active: number;
  waiting: number;
}

/** What the gauges read at every scrape, each set by the service that knows it (until then: nothing). */
export interface ScrapeSources {
  /** ExoPhone health and heartbeat ages (the ExoPhone health service's view). */
  health: () => HealthReadings;
  /** One reading per account, e.g. from readAllSyncStates(pool). */
  sync: () => Promise<SyncReading[]>;
  /** Webhook events accepted but not yet in the database. */
  journal: () => JournalReading;
  /** Query API requests being served and waiting for a slot, per lane (api/queryLanes.ts). */
  queryLanes: () => QueryLaneReading[];
  /** Requests per minute each account's Exotel limiter grants now. */
  exotelPace: () => Map<string, number>;
  /** The latest expected-vs-observed traffic readings (refreshed each minute). */
  traffic: () => TrafficReadings;
  /** Agents busy / free now per team, e.g. from readAgentStates(pool, now). */
  agentStates: () => Promise<AgentStateReading[]>;
}

export interface CollectorMetrics {
  readonly registry: Registry;
  webhookRequests: Counter<'route' | 'outcome'>;
  webhookRequestDuration: Histogram<'route'>;
  webhookEventsStored: Counter<'route'>;
  webhookEventsDuplicate: Counter<'route'>;
  webhookEventsDropped: Counter<'route' | 'reason'>;
  webhookDatabaseErrors: Counter<string>;
  passthruEvents: Counter<'direction' | 'call_type' | 'dial_call_status' | 'flow' | 'team'>;
  heartbeats: Counter<'account' | 'status_type'>;
  calls: Counter<'direction' | 'status' | 'team'>;
  teamCallsOffered: Counter<'team'>;
  teamCallsAnswered: Counter<'team'>;
  exotelRequests: Counter<'account' | 'endpoint' | 'outcome'>;
  exotelRateLimited: Counter<'account' | 'endpoint'>;
  exotelErrors: Counter<'account' | 'endpoint' | 'kind'>;
  exotelRequestDuration: Histogram<'endpoint'>;
  /** Missed calls waiting for a callback now, per team ('' without one); teams seen before drop to 0. */
  setMissedCallbacksOpen(byTeam: ReadonlyMap<string, number>): void;
  /** Sets what the gauges of `name` read at every scrape. */
  setSource<K extends keyof ScrapeSources>(name: K, source: ScrapeSources[K]): void;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export function createCollectorMetrics(registry: Registry): CollectorMetrics {
  const read: ScrapeSources = {
    health: () => ({ exophones: [], heartbeatAgeSeconds: new Map() }),
    sync: async () => [],
    journal: () => ({ events: 0, bytes: 0 }),
    queryLanes: () => [],
    exotelPace: () => new Map(),
    traffic: () => NO_TRAFFIC_READINGS,
    agentStates: async () => [],
  };
  const registers = [registry];
  const missedCallbacksOpen = new Gauge({
    name: 'exowatch_missed_callbacks_open',
    help: 'Missed inbound calls waiting for a callback (not called back, window not ended), by team tag; refreshed every minute.',
    labelNames: ['team'],
    registers,
  });
  const callbackTeams = new Set<string>();

  new Gauge({
    name: 'exowatch_exophone_health_state',
    help: 'ExoPhone health per direction as a state set: 1 for the current state (healthy, affected or unknown), 0 otherwise.',
    labelNames: ['exophone', 'direction', 'region', 'state'],
    registers,
    collect() {
      this.reset();
      for (const reading of read.health().exophones) {
        for (const state of HEALTH_STATES) {
          this.set(
            { exophone: reading.exophone, direction: reading.direction, region: reading.region, state },
            reading.state === state ? 1 : 0,
          );
        }
      }
    },
  });
  new Gauge({
    name: 'exowatch_exophone_up',
    help: 'ExoPhone health per direction: 1 healthy, 0 affected; no sample while the state is unknown (no recent heartbeat).',
    labelNames: ['exophone', 'direction', 'region'],
    registers,
    collect() {
      this.reset();
      for (const reading of read.health().exophones) {
        if (reading.state === 'unknown') continue;
        this.set(
          { exophone: reading.exophone, direction: reading.direction, region: reading.region },
          reading.state === 'healthy' ? 1 : 0,
        );
      }
    },
  });
  new Gauge({
    name: 'exowatch_heartbeat_age_seconds',
    help: 'Seconds since the last Exotel heartbeat of the account; +Inf when none has arrived yet.',
    labelNames: ['account'],
    registers,
    collect() {
      this.reset();
      for (const [account, age] of read.health().heartbeatAgeSeconds) this.set({ account }, age ?? Infinity);
    },
  });
  const checkpointAge = new Gauge({
    name: 'exowatch_sync_checkpoint_age_seconds',
    help: 'Seconds since the last successful sync run of the account.',
    labelNames: ['account'],
    registers: [],
  });
  // Both sync gauges come from one read per scrape, done by the gauge registered first.
  new Gauge({
    name: 'exowatch_sync_lag_seconds',
    help: 'Seconds between now and the sync checkpoint (every call created before it has been read).',
    labelNames: ['account'],
    registers,
    async collect() {
      const readings = await read.sync().catch(() => null);
      // When the database cannot be read the last values stay: a scrape must not fail on it.
      if (!readings) return;
      this.reset();
      checkpointAge.reset();
      const now = Date.now();
      for (const reading of readings) {
        const labels = { account: reading.accountSid };
        if (reading.syncedUntil) this.set(labels, (now - reading.syncedUntil.getTime()) / 1000);
        if (reading.lastSuccessAt) checkpointAge.set(labels, (now - reading.lastSuccessAt.getTime()) / 1000);
      }
    },
  });
  registry.registerMetric(checkpointAge);
  new Gauge({
    name: 'exowatch_agents',
    help: "Agents by state now (busy or free, from the Connect applet's agent notifications: each agent's latest in the last 12 hours) and team tag ('' without one).",
    labelNames: ['team', 'state'],
    registers,
    async collect() {
      const readings = await read.agentStates().catch(() => null);
      // When the database cannot be read the last values stay: a scrape must not fail on it.
      if (!readings) return;
      this.reset();
      for (const { team, busy, free } of readings) {
        this.set({ team, state: 'busy' }, busy);
        this.set({ team, state: 'free' }, free);
      }
    },
  });
  new Gauge({
    name: 'exowatch_exotel_effective_requests_per_minute',
    help: 'Requests per minute the collector allows itself against Exotel for the account: the configured budget, or less while Exotel answers 429 (adaptive pace).',
    labelNames: ['account'],
    registers,
    collect() {
      this.reset();
      for (const [account, perMinute] of read.exotelPace()) this.set({ account }, perMinute);
    },
  });
  new Gauge({
    name: 'exowatch_incoming_calls_observed',
    help: 'Incoming calls (Bulk API) in the trailing hour ending 10 minutes before the sync checkpoint, per ExoPhone (scope="exophone") or team (scope="team").',
    labelNames: ['scope', 'exophone', 'team'],
    registers,
    collect() {
      this.reset();
      for (const r of read.traffic().traffic)
        this.set({ scope: r.scope, exophone: r.exophone, team: r.team }, r.observed);
    },
  });
  new Gauge({
    name: 'exowatch_incoming_calls_expected',
    help: 'Incoming calls expected in the same window as exowatch_incoming_calls_observed, from the same hours of the trailing 4-8 weeks: bound "expected" (median), "lower" and "upper"; no sample without enough history.',
    labelNames: ['scope', 'exophone', 'team', 'bound'],
    registers,
    collect() {
      this.reset();
      for (const r of read.traffic().traffic) {
        if (!r.band) continue;
        for (const bound of ['expected', 'lower', 'upper'] as const)
          this.set({ scope: r.scope, exophone: r.exophone, team: r.team, bound }, r.band[bound]);
      }
    },
  });
  new Gauge({
    name: 'exowatch_business_hours_open',
    help: '1 while the business calendar of the scope is in business hours, 0 after hours and on holidays: per team (scope="team"; team="" is the default calendar) and per ExoPhone with a traffic reading (scope="exophone": its team\'s calendar, else its own, else the default). Always 1 without calendars.',
    labelNames: ['scope', 'exophone', 'team'],
    registers,
    collect() {
      this.reset();
      for (const { scope, exophone, team, open } of read.traffic().businessHoursOpen)
        this.set({ scope, exophone, team }, open ? 1 : 0);
    },
  });
  new Gauge({
    name: 'exowatch_journal_pending_events',
    help: 'Webhook events accepted into the local journal and not yet committed to the database.',
    registers,
    collect() {
      this.set(read.journal().events);
    },
  });
  new Gauge({
    name: 'exowatch_journal_pending_bytes',
    help: 'Bytes of journal records not yet committed to the database.',
    registers,
    collect() {
      this.set(read.journal().bytes);
    },
  });

  new Gauge({
    name: 'exowatch_query_requests',
    help: 'Query API requests by lane (live: ranges up to a day; history: longer) and state (active: being served; waiting: queued for a slot).',
    labelNames: ['lane', 'state'],
    registers,
    collect() {
      this.reset();
      for (const { lane, active, waiting } of read.queryLanes()) {
        this.set({ lane, state: 'active' }, active);
        this.set({ lane, state: 'waiting' }, waiting);
      }
    },
  });

  return {
    registry,
    webhookRequests: new Counter({
      name: 'exowatch_webhook_requests_total',
      help: 'Webhook requests by route and outcome (accepted, unauthorized, unknown_account, bad_request, unsupported_media_type, too_large, journal_full, error).',
      labelNames: ['route', 'outcome'],
      registers,
    }),
    webhookRequestDuration: new Histogram({
      name: 'exowatch_webhook_request_duration_seconds',
      help: 'Time from receiving a webhook request to answering it.',
      labelNames: ['route'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    webhookEventsStored: new Counter({
      name: 'exowatch_webhook_events_stored_total',
      help: 'Webhook events written to the database for the first time.',
      labelNames: ['route'],
      registers,
    }),
    webhookEventsDuplicate: new Counter({
      name: 'exowatch_webhook_events_duplicate_total',
      help: 'Webhook events already in the database when written (Exotel retries, journal replays).',
      labelNames: ['route'],
      registers,
    }),
    webhookEventsDropped: new Counter({
      name: 'exowatch_webhook_events_dropped_total',
      help: 'Journal records that could not be stored (unreadable record, or rejected by the database).',
      labelNames: ['route', 'reason'],
      registers,
    }),
    webhookDatabaseErrors: new Counter({
      name: 'exowatch_webhook_database_errors_total',
      help: 'Failed attempts to write a batch of webhook events (retried with backoff).',
      registers,
    }),
    passthruEvents: new Counter({
      name: 'exowatch_passthru_events_total',
      help: 'Passthru events stored, by direction, CallType, DialCallStatus, flow (flow_id) and team (empty until tags exist).',
      labelNames: ['direction', 'call_type', 'dial_call_status', 'flow', 'team'],
      registers,
    }),
    heartbeats: new Counter({
      name: 'exowatch_heartbeats_total',
      help: 'Heartbeats stored, by account and status_type.',
      labelNames: ['account', 'status_type'],
      registers,
    }),
    calls: new Counter({
      name: 'exowatch_calls_total',
      help: 'Calls stored by the sync for the first time, by direction, status and team (tag team of the call, empty when none).',
      labelNames: ['direction', 'status', 'team'],
      registers,
    }),
    teamCallsOffered: new Counter({
      name: 'exowatch_team_calls_offered_total',
      help: 'Inbound calls whose Bulk API record first shows an agent leg, counted once per call when the sync stores it, by team (tag team, empty when none).',
      labelNames: ['team'],
      registers,
    }),
    teamCallsAnswered: new Counter({
      name: 'exowatch_team_calls_answered_total',
      help: 'Offered calls whose Bulk API record first shows the agent leg completed, counted once per call when the sync stores or settles it, by team.',
      labelNames: ['team'],
      registers,
    }),
    exotelRequests: new Counter({
      name: 'exowatch_exotel_requests_total',
      help: 'HTTP attempts against the Exotel API by account, endpoint and outcome (ok or a failure kind).',
      labelNames: ['account', 'endpoint', 'outcome'],
      registers,
    }),
    exotelRateLimited: new Counter({
      name: 'exowatch_exotel_rate_limited_total',
      help: 'Exotel API attempts answered 429 Too Many Requests.',
      labelNames: ['account', 'endpoint'],
      registers,
    }),
    exotelErrors: new Counter({
      name: 'exowatch_exotel_errors_total',
      help: 'Failed Exotel API attempts by kind (auth, client-error, rate-limited, server-error, network, timeout, invalid-body).',
      labelNames: ['account', 'endpoint', 'kind'],
      registers,
    }),
    exotelRequestDuration: new Histogram({
      name: 'exowatch_exotel_request_duration_seconds',
      help: 'Duration of Exotel API attempts.',
      labelNames: ['endpoint'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    setMissedCallbacksOpen(byTeam) {
      for (const team of byTeam.keys()) callbackTeams.add(team);
      for (const team of callbackTeams) missedCallbacksOpen.set({ team }, byTeam.get(team) ?? 0);
    },
    setSource(name, source) {
      read[name] = source;
    },
  };
}

/** Counts one Exotel API attempt: wire as ExotelClientOptions.onRequest for each account's client. */
export function recordExotelRequest(
  metrics: CollectorMetrics,
  accountSid: string,
  event: ExotelRequestEvent,
): void {
  const labels = { account: accountSid, endpoint: event.endpoint };
  metrics.exotelRequests.inc({ ...labels, outcome: event.outcome });
  metrics.exotelRequestDuration.observe({ endpoint: event.endpoint }, event.durationMs / 1000);
  if (event.outcome === 'ok') return;
  metrics.exotelErrors.inc({ ...labels, kind: event.outcome });
  if (event.outcome === 'rate-limited' || event.status === 429) metrics.exotelRateLimited.inc(labels);
}

/**
 * Counts a page's calls as the sync stored them (`teams`: Sid → team): each call stored for the first
 * time by direction, status and team, and each call first shown offered / answered by team.
 */
export function recordCountedCalls(
  metrics: CollectorMetrics,
  calls: {
    inserted: readonly CallRecord[];
    offered: readonly CallRecord[];
    answered: readonly CallRecord[];
  },
  teams: ReadonlyMap<string, string>,
): void {
  const teamOf = (call: CallRecord) => teams.get(call.sid) ?? '';
  for (const call of calls.inserted)
    metrics.calls.inc({ direction: call.direction ?? '', status: call.status ?? '', team: teamOf(call) });
  for (const call of calls.offered) metrics.teamCallsOffered.inc({ team: teamOf(call) });
  for (const call of calls.answered) metrics.teamCallsAnswered.inc({ team: teamOf(call) });
}
