import { eventKey } from './eventKey';
import { parseHeartbeat, type HeartbeatEvent } from './heartbeat';
import type { Params } from './params';
import { parsePassthru, type PassthruEvent } from './passthru';
import type { WebhookRecord } from './record';
import { parseStatusCallback, type StatusCallbackEvent } from './statusCallback';

interface Stored {
  eventKey: string;
  accountSid: string;
  receivedAt: Date;
}

export type PassthruRow = Stored & { event: PassthruEvent };
export type HeartbeatRow = Stored & { event: HeartbeatEvent; payload: unknown };
export type StatusCallbackRow = Stored & { event: StatusCallbackEvent };

export interface EventRows {
  passthru: PassthruRow[];
  heartbeats: HeartbeatRow[];
  statusCallbacks: StatusCallbackRow[];
}

/**
 * A journal record → its database row. Pure and deterministic, and the same function the request
 * handler runs before answering, so a record that was accepted always converts.
 */
export function recordToRows(record: WebhookRecord, timeZone: string, into: EventRows): void {
  const stored: Stored = {
    eventKey: eventKey(record.route, record.accountSid, record.input),
    accountSid: record.accountSid,
    receivedAt: new Date(record.receivedAt),
  };
  switch (record.route) {
    case 'passthru':
      into.passthru.push({ ...stored, event: parsePassthru(record.input as Params, timeZone) });
      break;
    case 'heartbeat':
      into.heartbeats.push({ ...stored, event: parseHeartbeat(record.input), payload: record.input });
      break;
    case 'status-callback':
      into.statusCallbacks.push({
        ...stored,
        event: parseStatusCallback(record.input as Record<string, unknown>, timeZone),
      });
      break;
  }
}

export const emptyRows = (): EventRows => ({ passthru: [], heartbeats: [], statusCallbacks: [] });
