import type { WebhookRoute } from './eventKey';

/**
 * What the journal holds for one accepted request: the input as received (Passthru/StatusCallback
 * parameters, or the heartbeat's JSON body) and when it arrived. Rows are derived from it when it is
 * written to the database, so a replay produces exactly the rows the first attempt would have.
 */
export interface WebhookRecord {
  route: WebhookRoute;
  accountSid: string;
  /** Epoch milliseconds at which the collector accepted the request. */
  receivedAt: number;
  input: unknown;
}

const ROUTES = new Set<string>(['passthru', 'agent', 'heartbeat', 'status-callback']);

export function encodeRecord(record: WebhookRecord): Buffer {
  return Buffer.from(JSON.stringify(record));
}

/** Throws when the bytes are not a record this version wrote. */
export function decodeRecord(bytes: Buffer): WebhookRecord {
  const value = JSON.parse(bytes.toString('utf8')) as Partial<WebhookRecord>;
  if (
    typeof value !== 'object' ||
    value === null ||
    !ROUTES.has(value.route as string) ||
    typeof value.accountSid !== 'string' ||
    typeof value.receivedAt !== 'number'
  ) {
    throw new Error('not a webhook journal record');
  }
  return value as WebhookRecord;
}
