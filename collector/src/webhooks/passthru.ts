import { normalisePhone, type NormalisedPhone } from '../normalise/phone';
import { optionalText } from '../normalise/text';
import { parseOptionalLocalTime } from '../normalise/time';
import { requireCallSid } from './callSid';
import type { Params } from './params';

/** One Passthru request (exotel-api.md §3.2), numbers in E.164 and times in UTC. */
export interface PassthruEvent {
  callSid: string;
  flowId: string | null;
  tenantId: string | null;
  callFrom: NormalisedPhone;
  callTo: NormalisedPhone;
  /** `incoming` or `outbound-dial` (Passthru's words, not the REST API's). */
  direction: string | null;
  callType: string | null;
  callStatus: string | null;
  dialWhomNumber: NormalisedPhone;
  dialCallStatus: string | null;
  dialCallDuration: number | null;
  /** DTMF input with Exotel's surrounding double quotes removed. */
  digits: string | null;
  recordingUrl: string | null;
  createdAt: Date | null;
  startTime: Date | null;
  /** Always null in practice: Passthru sends a constant placeholder (1970-01-01 05:30:00). */
  endTime: Date | null;
  currentTime: Date | null;
  /** Every parameter as received, the ones not modelled above included. */
  params: Params;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** `Wed, 31 Jul 2024 16:42:56`: RFC 822 without a zone, in the account's local time. */
const CREATED = /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}:\d{2}:\d{2})$/;

function createdTime(value: string | undefined, timeZone: string): Date | null {
  const match = CREATED.exec(value?.trim() ?? '');
  if (!match) return parseOptionalLocalTime(value, timeZone);
  const [, day, monthName, year, clock] = match as unknown as [string, string, string, string, string];
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
  if (month === 0) return null;
  return parseOptionalLocalTime(
    `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')} ${clock}`,
    timeZone,
  );
}

function seconds(value: string | undefined): number | null {
  const trimmed = optionalText(value);
  if (trimmed === null || !/^\d{1,9}$/.test(trimmed)) return null;
  return Number(trimmed);
}

function unquote(value: string | undefined): string | null {
  const trimmed = optionalText(value);
  if (trimmed === null) return null;
  return optionalText(trimmed.replace(/^"(.*)"$/s, '$1'));
}

/** Throws WebhookInputError when the request cannot be a Passthru event (no usable CallSid). */
export function parsePassthru(params: Params, timeZone: string): PassthruEvent {
  const callSid = requireCallSid(params.CallSid);
  return {
    callSid,
    flowId: optionalText(params.flow_id),
    tenantId: optionalText(params.tenant_id),
    callFrom: normalisePhone(optionalText(params.CallFrom ?? params.From)),
    callTo: normalisePhone(optionalText(params.CallTo ?? params.To)),
    direction: optionalText(params.Direction),
    callType: optionalText(params.CallType),
    callStatus: optionalText(params.CallStatus ?? params.Status),
    dialWhomNumber: normalisePhone(optionalText(params.DialWhomNumber)),
    dialCallStatus: optionalText(params.DialCallStatus),
    dialCallDuration: seconds(params.DialCallDuration),
    digits: unquote(params.digits),
    recordingUrl: optionalText(params.RecordingUrl),
    createdAt: createdTime(params.Created, timeZone),
    startTime: parseOptionalLocalTime(params.StartTime, timeZone),
    endTime: parseOptionalLocalTime(params.EndTime, timeZone),
    currentTime: parseOptionalLocalTime(params.CurrentTime, timeZone),
    params,
  };
}
