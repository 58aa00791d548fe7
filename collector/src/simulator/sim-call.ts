import type { Agent, ExoPhone } from './account-model';

export type Direction = 'inbound' | 'outbound-dial' | 'outbound-api';
export type FinalStatus = 'completed' | 'no-answer' | 'busy' | 'failed';

/** A call's facts; call-view.ts turns them into what the API shows at a given moment. */
export interface SimCall {
  sid: string;
  slot: number;
  index: number;
  createdMs: number;
  endMs: number;
  /** When Duration, Price, recording and final statuses appear (end + settle delay). */
  settledMs: number;
  direction: Direction;
  exophone: ExoPhone;
  /** The agent dialled; null for inbound calls that never left the IVR. */
  agent: Agent | null;
  /** Customer's 10-digit national significant number. */
  customer: string;
  flowId: number | null;
  status: FinalStatus;
  leg1Status: FinalStatus;
  leg2Status: FinalStatus | null;
  durationSec: number;
  conversationSec: number;
  /** Price in thousandths of the billing currency, kept integral so "1.500" is exact. */
  priceMilli: number;
  showsProvisionalStatus: boolean;
  // Exotel mixes representations; each call picks its own, deterministically.
  customerAsE164: boolean;
  agentAsE164: boolean;
  /** Before settling, EndTime is Exotel's placeholder instead of the end (both seen in real responses). */
  endTimePendingAsPlaceholder: boolean;
  durationAsString: boolean;
  priceAsString: boolean;
  pendingAsEmptyString: boolean;
}
