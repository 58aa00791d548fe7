import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import { log } from '../log';
import { buildCallsPage } from './calls-page';
import { parseCallsRequest } from './calls-request';
import type { SimulatorClock } from './clock';
import { buildExoPhoneDetails } from './exophone-details';
import { buildExoPhoneListPage } from './exophone-list';
import type { FaultDecision, FaultInjector } from './faults';
import { faultSettingsSchema } from './faults';
import type { GroundTruth } from './ground-truth';
import type { SlidingWindowRateLimiter } from './rate-limiter';
import { RestError } from './rest-error';
import type { SimulatedAccount } from './simulated-account';
import type { StatsRecorder } from './stats';
import type { OutageSchedule } from './outages';

/** What the HTTP layer needs; startSimulator (index.ts) builds it. */
export interface SimulatorServices {
  account: SimulatedAccount;
  truth: GroundTruth;
  clock: SimulatorClock;
  limiter: SlidingWindowRateLimiter;
  faults: FaultInjector;
  stats: StatsRecorder;
  apiKey: string;
  apiToken: string;
  absolutePageUris: boolean;
  /** Fixed Retry-After of a rate-limit 429; 0: when the window frees a slot. */
  rateLimitRetryAfterSeconds: number;
  /** Timers of held (timeout-fault) responses, cleared on close. */
  heldResponses: Set<NodeJS.Timeout>;
  /** Which ExoPhones the demo heartbeats report as down. */
  outages: OutageSchedule;
}

const outageRequestSchema = z
  .object({
    /** The ExoPhone's SID or number (E.164 or national). */
    exophone: z.string().min(1),
    direction: z.enum(['incoming', 'outgoing']),
    minutes: z
      .number()
      .positive()
      .max(24 * 60),
  })
  .strict();

/** Largest truth answer over HTTP; larger ranges must be split or counted with countOnly. */
const MAX_TRUTH_CALLS = 100_000;
/** Retry-After of an injected 429. */
const INJECTED_RETRY_AFTER_SECONDS = 1;

const logger = log.child({ component: 'simulator' });

export function createSimulatorApp(services: SimulatorServices): Express {
  const { account, stats } = services;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.get('/v1/Accounts/:accountSid/Calls.json', countRoute(stats, 'calls'), guard(services), (req, res) => {
    const now = services.clock.now();
    const request = parseCallsRequest(req.query, account.localTime, now);
    const basePath = pageUriBase(req, services) + `/v1/Accounts/${account.accountSid}/Calls.json`;
    const page = buildCallsPage(request, account.queries, account.renderer, now, basePath);
    if (faultsOf(res).duplicateAcrossPages && request.after) {
      const repeated = account.callAtCursor(request.after, now, request.details);
      if (repeated) {
        page.Calls.unshift(repeated);
        stats.fault('duplicateAcrossPages');
      }
    }
    sendJson(res, services, 200, page);
  });

  app.get(
    '/v1/Accounts/:accountSid/Calls/:callSid.json',
    countRoute(stats, 'call'),
    guard(services),
    (req, res) => {
      const call = account.callAsOf(
        String(req.params.callSid),
        services.clock.now(),
        req.query.details === 'true',
      );
      if (!call) throw new RestError(404, `Call ${req.params.callSid} not found`);
      sendJson(res, services, 200, { Call: call });
    },
  );

  app.get(
    '/v2_beta/Accounts/:accountSid/IncomingPhoneNumbers',
    countRoute(stats, 'exophones'),
    guard(services),
    (req, res) => {
      const basePath =
        pageUriBase(req, services) + `/v2_beta/Accounts/${account.accountSid}/IncomingPhoneNumbers`;
      sendJson(
        res,
        services,
        200,
        buildExoPhoneListPage(account.model, account.accountSid, req.query, basePath),
      );
    },
  );

  app.get(
    '/v2/accounts/:accountSid/incoming-phone-numbers/:exophoneSid',
    countRoute(stats, 'exophone-details'),
    guard(services),
    (req, res) => {
      const { exophones } = account.model;
      const exophone = exophones.find((e) => e.sid === req.params.exophoneSid);
      if (!exophone) throw new RestError(404, `ExoPhone ${req.params.exophoneSid} not found`);
      const requestId = randomUUID().replaceAll('-', '');
      sendJson(
        res,
        services,
        200,
        buildExoPhoneDetails(
          exophone,
          exophones,
          account.accountSid,
          services.outages,
          services.clock.now(),
          requestId,
        ),
      );
    },
  );

  // Debug and test endpoints: no credentials (the server listens on localhost), no rate limit, no faults.
  app.get('/__sim/stats', countRoute(stats, 'sim'), (_req, res) => {
    res.json({
      ...stats.snapshot(),
      acceptedInLastMinute: services.limiter.inWindow(),
      faultSettings: services.faults.current(),
      clock: new Date(services.clock.now()).toISOString(),
    });
  });

  app.get('/__sim/truth', countRoute(stats, 'sim'), (req, res) => {
    const from = stringParam(req.query.from);
    const to = stringParam(req.query.to);
    const now = stringParam(req.query.now);
    if (
      !from ||
      !to ||
      Number.isNaN(Date.parse(from)) ||
      Number.isNaN(Date.parse(to)) ||
      (now && Number.isNaN(Date.parse(now)))
    ) {
      throw new RestError(
        400,
        'from and to (and optional now) must be ISO-8601 instants, e.g. from=2025-01-01T00:00:00Z',
      );
    }
    const range = { from, to, now: now ?? services.clock.now() };
    const count = services.truth.count(range);
    if (req.query.countOnly !== undefined) {
      res.json({ count });
      return;
    }
    if (count > MAX_TRUTH_CALLS)
      throw new RestError(
        400,
        `${count} calls in range; ask for at most ${MAX_TRUTH_CALLS} or use countOnly`,
      );
    res.json({ count, calls: services.truth.calls(range) });
  });

  app.put('/__sim/faults', countRoute(stats, 'sim'), express.json(), (req, res) => {
    const changes = faultSettingsSchema.partial().safeParse(req.body);
    if (!changes.success) throw new RestError(400, `Invalid fault settings: ${changes.error.message}`);
    try {
      services.faults.update(changes.data);
    } catch (error) {
      throw new RestError(400, (error as Error).message);
    }
    res.json(services.faults.current());
  });

  // Takes an ExoPhone down for the demo heartbeats, e.g. to watch an alert fire.
  app.post('/__sim/outage', countRoute(stats, 'sim'), express.json(), (req, res) => {
    const request = outageRequestSchema.safeParse(req.body);
    if (!request.success) throw new RestError(400, `Invalid outage: ${request.error.message}`);
    const { exophone, direction, minutes } = request.data;
    const target = account.model.exophones.find((e) => [e.sid, e.e164, e.national].includes(exophone));
    if (!target) throw new RestError(404, `No ExoPhone ${exophone} in this account`);
    const untilMs = services.clock.now() + minutes * 60_000;
    services.outages.takeDown(target.sid, direction, untilMs);
    res.json({
      exophone: target.sid,
      phoneNumber: target.e164,
      direction,
      until: new Date(untilMs).toISOString(),
    });
  });

  app.use(countRoute(stats, 'other'), () => {
    throw new RestError(404, 'No such resource');
  });

  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const restError = error instanceof RestError ? error : new RestError(500, 'Internal simulator error');
    if (!(error instanceof RestError)) logger.error({ err: error }, 'simulator request failed');
    res.status(restError.status).json(restError.body());
  });
  return app;
}

/** Counts the request and its response status under `route`. */
function countRoute(stats: StatsRecorder, route: string) {
  return (_req: Request, res: Response, next: NextFunction): void => {
    stats.request(route);
    res.on('close', () => stats.response(route, res.writableFinished ? String(res.statusCode) : 'dropped'));
    next();
  };
}

/** Exotel's gatekeeping, in order: credentials, account, rate limit; then the injected faults. */
function guard(services: SimulatorServices) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!hasCredentials(req, services.apiKey, services.apiToken)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="Exotel"');
      throw new RestError(401, 'Authentication is required to view this resource');
    }
    if (req.params.accountSid !== services.account.accountSid) {
      throw new RestError(404, `Account ${req.params.accountSid} not found`);
    }
    const decision = services.limiter.check();
    if (!decision.accepted) {
      services.stats.rateLimited();
      res.setHeader('Retry-After', String(services.rateLimitRetryAfterSeconds || decision.retryAfterSeconds));
      throw new RestError(
        429,
        'Too many requests: the limit is per account per minute',
        'RATE_LIMIT_EXCEEDED',
      );
    }
    const faults = services.faults.decide();
    res.locals.faults = faults;
    const failure = faults.failure;
    if (failure?.kind === 'tooManyRequests') {
      services.stats.fault('tooManyRequests');
      res.setHeader('Retry-After', String(INJECTED_RETRY_AFTER_SECONDS));
      throw new RestError(429, 'Too many requests', 'RATE_LIMIT_EXCEEDED');
    }
    services.stats.accepted();
    if (failure?.kind === 'serverError') {
      services.stats.fault('serverError');
      if (failure.status === 502) {
        // A gateway answers 502, not Exotel: an HTML page, as proxies send.
        res.status(502).type('text/html').send('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      }
      throw new RestError(
        failure.status,
        failure.status === 503 ? 'Service temporarily unavailable' : 'Internal server error',
      );
    }
    if (failure?.kind === 'timeout') {
      services.stats.fault('timeout');
      const timer = setTimeout(() => {
        services.heldResponses.delete(timer);
        if (failure.dropSocket) req.socket.destroy();
        else next();
      }, services.faults.timeoutMs());
      services.heldResponses.add(timer);
      return;
    }
    next();
  };
}

function faultsOf(res: Response): FaultDecision {
  return res.locals.faults as FaultDecision;
}

/** Sends JSON, cut off half-way when the truncated-body fault hit this request. */
function sendJson(res: Response, services: SimulatorServices, status: number, body: unknown): void {
  let text = JSON.stringify(body);
  if (faultsOf(res).truncateBody) {
    services.stats.fault('truncatedBody');
    text = text.slice(0, Math.floor(text.length / 2));
  }
  res.status(status).type('application/json').send(text);
}

function hasCredentials(req: Request, apiKey: string, apiToken: string): boolean {
  const header = req.headers.authorization;
  if (!header?.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6).trim(), 'base64').toString('utf8') === `${apiKey}:${apiToken}`;
}

function pageUriBase(req: Request, services: SimulatorServices): string {
  return services.absolutePageUris ? `${req.protocol}://${req.get('host')}` : '';
}

function stringParam(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
