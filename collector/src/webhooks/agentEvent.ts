import type { NormalisedPhone } from '../normalise/phone';
import { WebhookInputError } from '../inputError';
import type { Params } from './params';
import { parsePassthru } from './passthru';

/**
 * A Connect applet's agent notification ("agent passthru", exotel-api.md §3.2, source
 * https://support.exotel.com/support/solutions/articles/3000106308-how-to-get-answered-event-in-crm):
 * a GET with the core Passthru fields, `DialWhomNumber` (the agent being dialled), `Status` (the
 * agent's state, never the call's) and `EventType`.
 */
export interface AgentEvent {
  callSid: string;
  /** `DialWhomNumber`: the agent's number. */
  agent: NormalisedPhone;
  /** `busy` while the agent is being called or on the call; `free` when that call to the agent ends. */
  status: AgentStatus;
  /** `Dial`, `Ringing`, `Answered` or `Terminal` as documented; null when absent. */
  eventType: string | null;
  callFrom: NormalisedPhone;
  callTo: NormalisedPhone;
  /** `outbound-dial` for the Connect applet. */
  direction: string | null;
  createdAt: Date | null;
  currentTime: Date | null;
  params: Params;
}

export type AgentStatus = 'busy' | 'free';

/** The documented EventType values, lower-cased; the article writes `" Dial"`, so values are trimmed. */
const AGENT_EVENT_TYPES = new Set(['dial', 'ringing', 'answered', 'terminal']);

const agentStatus = (value: string | undefined): AgentStatus | null => {
  const status = value?.trim().toLowerCase();
  return status === 'busy' || status === 'free' ? status : null;
};

/**
 * Whether a request at the Passthru URL is really an agent notification (both share a URL when the
 * Connect applet is given the Passthru URL): a documented EventType with a busy/free Status. Two
 * property reads: this runs on the Passthru hot path.
 */
export function isAgentEvent(params: Params): boolean {
  const eventType = params.EventType;
  return (
    eventType !== undefined &&
    AGENT_EVENT_TYPES.has(eventType.trim().toLowerCase()) &&
    agentStatus(params.Status) !== null
  );
}

/** Throws WebhookInputError when the request is not an agent notification (no CallSid, no busy/free). */
export function parseAgentEvent(params: Params, timeZone: string): AgentEvent {
  const status = agentStatus(params.Status);
  if (status === null)
    throw new WebhookInputError(400, 'not an agent event: Status must be busy or free (the agent’s state)');
  const core = parsePassthru(params, timeZone);
  const eventType = params.EventType?.trim();
  return {
    callSid: core.callSid,
    agent: core.dialWhomNumber,
    status,
    eventType: eventType ? eventType : null,
    callFrom: core.callFrom,
    callTo: core.callTo,
    direction: core.direction,
    createdAt: core.createdAt,
    currentTime: core.currentTime,
    params,
  };
}
