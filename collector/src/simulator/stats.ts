/** Counters of what the simulated API did, for tests, benchmarks and `GET /__sim/stats`. */
export interface SimulatorStats {
  /** Every HTTP request received, including /__sim ones. */
  requests: number;
  /** API requests that passed the rate limit and the injected-429 fault (the ones the limit counts). */
  accepted: number;
  /** 429s from the rate limit itself (injected ones are under faults). */
  rateLimited: number;
  faults: Record<FaultCounter, number>;
  /** Per route: requests and responses by HTTP status. */
  routes: Record<string, { requests: number; statuses: Record<string, number> }>;
}

export type FaultCounter =
  'tooManyRequests' | 'serverError' | 'timeout' | 'truncatedBody' | 'duplicateAcrossPages';

export class StatsRecorder {
  private readonly stats: SimulatorStats = {
    requests: 0,
    accepted: 0,
    rateLimited: 0,
    faults: { tooManyRequests: 0, serverError: 0, timeout: 0, truncatedBody: 0, duplicateAcrossPages: 0 },
    routes: {},
  };

  request(route: string): void {
    this.stats.requests++;
    this.route(route).requests++;
  }

  /** `status` is the HTTP status, or `dropped` when the socket was closed without an answer. */
  response(route: string, status: string): void {
    const statuses = this.route(route).statuses;
    statuses[status] = (statuses[status] ?? 0) + 1;
  }

  accepted(): void {
    this.stats.accepted++;
  }

  rateLimited(): void {
    this.stats.rateLimited++;
  }

  fault(kind: FaultCounter): void {
    this.stats.faults[kind]++;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.stats);
  }

  private route(route: string): SimulatorStats['routes'][string] {
    let entry = this.stats.routes[route];
    if (!entry) this.stats.routes[route] = entry = { requests: 0, statuses: {} };
    return entry;
  }
}
