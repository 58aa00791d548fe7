import type { ExotelCall } from '../exotel/types';
import type { LocalTime } from './local-time';
import type { SimCall } from './sim-call';

/**
 * What the API shows for a call at a given moment. A call is visible once it has ended (Exotel does not
 * return ongoing calls). Until its settle time it is provisional: Duration, Price, talk time and the
 * recording are missing, DateUpdated is the end time, and some calls still show an interim status.
 */
export function isVisible(call: SimCall, now: number): boolean {
  return call.endMs <= now;
}

export function isSettled(call: SimCall, now: number): boolean {
  return call.settledMs <= now;
}

/** Interim status shown before settling, for the calls that show one. */
const PROVISIONAL_STATUS: Record<string, string> = { completed: 'in-progress', 'no-answer': 'ringing' };

export function displayedStatus(call: SimCall, now: number): string {
  return !isSettled(call, now) && call.showsProvisionalStatus
    ? (PROVISIONAL_STATUS[call.status] ?? call.status)
    : call.status;
}

/**
 * EndTime of a call not yet settled, in some real responses: epoch 0 printed in IST. A stored Calls
 * response (public code index file #37654805051) has `"EndTime": "1970-01-01 05:30:00"` with Duration and
 * Price still null; another from the same account already has the end time.
 */
export const END_TIME_PLACEHOLDER = '1970-01-01 05:30:00';

export class CallRenderer {
  constructor(
    private readonly accountSid: string,
    private readonly localTime: LocalTime,
  ) {}

  /**
   * The call as the API returns it at `now` (the caller has checked it is visible); `Details` only when
   * the request asked for them (`details=true`), as Exotel documents it.
   */
  render(call: SimCall, now: number, details: boolean): ExotelCall {
    return this.build(call, isSettled(call, now), details);
  }

  /** The call with its final, settled values and its details: the ground truth. */
  renderFinal(call: SimCall): ExotelCall {
    return this.build(call, true, true);
  }

  private build(call: SimCall, settled: boolean, details: boolean): ExotelCall {
    const time = this.localTime;
    const customer = call.customerAsE164 ? '+91' + call.customer : '0' + call.customer;
    const agent = call.agent ? (call.agentAsE164 ? '+91' : '0') + call.agent.number : null;
    const inbound = call.direction === 'inbound';
    const interim = !settled && call.showsProvisionalStatus;
    const pending = call.pendingAsEmptyString ? '' : null;
    const leg2Status =
      call.leg2Status && interim ? (PROVISIONAL_STATUS[call.leg2Status] ?? call.leg2Status) : call.leg2Status;
    const legs = [{ Leg: { Id: 1, OnCallDuration: settled ? call.durationSec : null } }];
    if (call.leg2Status) legs.push({ Leg: { Id: 2, OnCallDuration: settled ? call.conversationSec : null } });
    const shown: ExotelCall = {
      Sid: call.sid,
      ParentCallSid: null,
      DateCreated: time.format(call.createdMs),
      DateUpdated: time.format(settled ? call.settledMs : call.endMs),
      AccountSid: this.accountSid,
      To: inbound ? call.exophone.national : customer,
      From: inbound ? customer : agent,
      // The ExoPhone's number itself, 0-prefixed, despite the name ("PhoneNumberSid": "0XXXXXX4890" in
      // developer.exotel.com/docs/voice-v1/api-reference/call-details); not the ExoPhone list's sid.
      PhoneNumberSid: call.exophone.national,
      Status: interim ? (PROVISIONAL_STATUS[call.status] ?? call.status) : call.status,
      StartTime: time.format(call.createdMs),
      EndTime: !settled && call.endTimePendingAsPlaceholder ? END_TIME_PLACEHOLDER : time.format(call.endMs),
      Duration: settled ? (call.durationAsString ? String(call.durationSec) : call.durationSec) : pending,
      Price: settled ? formatPrice(call) : pending,
      Direction: call.direction,
      AnsweredBy: null,
      ForwardedFrom: null,
      CallerName: null,
      Uri: `/v1/Accounts/${this.accountSid}/Calls/${call.sid}.json`,
      RecordingUrl:
        settled && call.conversationSec > 0
          ? `https://s3-ap-southeast-1.amazonaws.com/exotelrecordings/${this.accountSid}/${call.sid}.mp3`
          : null,
    };
    if (!details) return shown;
    return {
      ...shown,
      Details: {
        ConversationDuration: settled ? call.conversationSec : null,
        Leg1Status: call.leg1Status,
        Leg2Status: leg2Status,
        Legs: legs,
      },
    };
  }
}

function formatPrice(call: SimCall): string | number {
  return call.priceAsString ? (call.priceMilli / 1000).toFixed(3) : call.priceMilli / 1000;
}
