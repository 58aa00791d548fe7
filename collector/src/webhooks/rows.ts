import { isAgentEvent, parseAgentEvent, type AgentEvent } from './agentEvent';
import { eventKey } from './eventKey';
import { parseHeartbeat, type HeartbeatEvent } from '../exophones/heartbeat';
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
export type AgentEventRow = Stored & { event: AgentEvent };
export type HeartbeatRow = Stored & { event: HeartbeatEvent; payload: unknown };
export type StatusCallbackRow = Stored & { event: StatusCallbackEvent };

export interface EventRows {
  passthru: PassthruRow[];
  agentEvents: AgentEventRow[];
  heartbeats: HeartbeatRow[];
  statusCallbacks: StatusCallbackRow[];
}

type ParsedEvent =
  | { route: 'passthru'; event: PassthruEvent }
  | { route: 'agent'; event: AgentEvent }
  | { route: 'heartbeat'; event: HeartbeatEvent }
  | { route: 'status-callback'; event: StatusCallbackEvent };

/**
 * A journal record's event, parsed: everything that can refuse an input happens here. The request
 * handler runs it before answering, so a record that was accepted always converts to its row.
 */
export function parseRecord(record: WebhookRecord, timeZone: string): ParsedEvent {
  switch (record.route) {
    case 'passthru': {
      // The Connect applet's agent notifications may be sent to the Passthru URL: kept as agent
      // events, so that the agent's busy/free never reads as the call's status.
      const params = record.input as Params;
      return isAgentEvent(params)
        ? { route: 'agent', event: parseAgentEvent(params, timeZone) }
        : { route: 'passthru', event: parsePassthru(params, timeZone) };
    }
    case 'agent':
      return { route: 'agent', event: parseAgentEvent(record.input as Params, timeZone) };
    case 'heartbeat':
      return { route: 'heartbeat', event: parseHeartbeat(record.input) };
    case 'status-callback':
      return {
        route: 'status-callback',
        event: parseStatusCallback(record.input as Record<string, unknown>, timeZone),
      };
  }
}

/**
 * A journal record → its database row. Pure and deterministic; beyond parseRecord it only adds the
 * event key (a hash of input that was already accepted, which cannot fail), computed once, here.
 */
export function recordToRows(record: WebhookRecord, timeZone: string, into: EventRows): void {
  const stored: Stored = {
    eventKey: eventKey(record.route, record.accountSid, record.input),
    accountSid: record.accountSid,
    receivedAt: new Date(record.receivedAt),
  };
  const parsed = parseRecord(record, timeZone);
  switch (parsed.route) {
    case 'passthru':
      into.passthru.push({ ...stored, event: parsed.event });
      break;
    case 'agent':
      into.agentEvents.push({ ...stored, event: parsed.event });
      break;
    case 'heartbeat':
      into.heartbeats.push({ ...stored, event: parsed.event, payload: record.input });
      break;
    case 'status-callback':
      into.statusCallbacks.push({ ...stored, event: parsed.event });
      break;
  }
}

export const emptyRows = (): EventRows => ({
  passthru: [],
  agentEvents: [],
  heartbeats: [],
  statusCallbacks: [],
});
