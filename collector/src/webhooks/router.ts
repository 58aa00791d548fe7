import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { JournalFullError } from '../journal/journal';
import { log } from '../log';
import type { CollectorMetrics } from '../metrics/collector';
import { DEFAULT_TIME_ZONE } from '../exotel/time';
import { WebhookInputError } from '../inputError';
import { readInput, type BodyLimits } from './input';
import type { WebhookRecord } from './record';
import { parseRecord } from './rows';
import { secretMatches } from './secret';
import { matchWebhookUrl, WEBHOOK_METHODS, type WebhookAccount } from './urls';

export interface WebhookHandlerOptions {
  accounts: readonly WebhookAccount[];
  /** Makes the record durable; rejects with JournalFullError when the journal cannot take more. */
  append(record: WebhookRecord): Promise<void>;
  limits: BodyLimits;
  metrics?: CollectorMetrics;
  /** Called after a heartbeat was accepted (before it reaches the database). */
  onHeartbeat?: (accountSid: string, receivedAt: Date) => void;
  now?: () => number;
}

type Outcome =
  | 'accepted'
  | 'unknown_account'
  | 'unauthorized'
  | 'bad_request'
  | 'unsupported_media_type'
  | 'too_large'
  | 'journal_full'
  | 'error';

const INPUT_OUTCOMES: Record<WebhookInputError['status'], Outcome> = {
  400: 'bad_request',
  413: 'too_large',
  415: 'unsupported_media_type',
};

const ACCEPTED_BODY = '{"status":"accepted"}';

/**
 * The webhook endpoints, as one middleware mounted before the rest of the app: a webhook request is
 * matched with one regular expression and answered without passing through express's routing (the
 * hot path; anything else goes on to the app). Order per request: account and secret (constant
 * time) first, then the body is read within its size limit and parsed exactly as the database writer
 * will parse it, then the record is appended to the journal, and only then is 200 sent. Every refusal
 * is a JSON `{error}` and nothing of a refused request is kept.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): RequestHandler {
  const accounts = new Map(options.accounts.map((account) => [account.sid, account]));
  const now = options.now ?? Date.now;

  return async (req: Request, res: Response, next: NextFunction) => {
    const target = matchWebhookUrl(req.url);
    if (!target || !WEBHOOK_METHODS[target.route].includes(req.method)) {
      next();
      return;
    }
    const { route } = target;
    const started = process.hrtime.bigint();
    let outcome: Outcome = 'error';
    try {
      const account = target.accountSid === undefined ? undefined : accounts.get(target.accountSid);
      if (!account) {
        outcome = 'unknown_account';
        refuse(res, 404, 'no such webhook URL: use one printed by the collector at start-up');
        return;
      }
      if (target.secret === undefined || !secretMatches(target.secret, account.webhookSecret)) {
        outcome = 'unauthorized';
        refuse(res, 401, 'wrong webhook secret in the URL: use the URL printed by the collector at start-up');
        return;
      }
      const record: WebhookRecord = {
        route,
        accountSid: account.sid,
        receivedAt: now(),
        input: await readInput(route, req, options.limits),
      };
      // Parse exactly as the writer will, so that an accepted record can always be stored.
      parseRecord(record, account.timeZone ?? DEFAULT_TIME_ZONE);
      await options.append(record);
      outcome = 'accepted';
      if (route === 'heartbeat') options.onHeartbeat?.(account.sid, new Date(record.receivedAt));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': ACCEPTED_BODY.length });
      res.end(ACCEPTED_BODY);
    } catch (error) {
      if (error instanceof WebhookInputError) {
        outcome = INPUT_OUTCOMES[error.status];
        if (error.status === 413) res.setHeader('Connection', 'close');
        // A body of a kind no parser reads would otherwise vanish in a retry loop: say what came.
        if (error.status === 415)
          log.warn(
            { route, contentType: req.headers['content-type'] },
            'webhook body of an unreadable type refused',
          );
        refuse(res, error.status, error.message);
      } else if (error instanceof JournalFullError) {
        outcome = 'journal_full';
        res.setHeader('Retry-After', '30');
        refuse(res, 503, 'the collector cannot accept more events right now (journal full); retry later');
      } else {
        log.error({ route, err: (error as Error).message }, 'webhook request failed');
        refuse(res, 503, 'the event could not be recorded; retry later');
      }
    } finally {
      options.metrics?.webhookRequests.inc({ route, outcome });
      options.metrics?.webhookRequestDuration.observe(
        { route },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
  };
}

function refuse(res: Response, status: number, message: string): void {
  if (res.headersSent || res.destroyed) return;
  res.status(status).json({ error: message });
}
