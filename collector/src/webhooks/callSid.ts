import { optionalText } from '../normalise/text';
import { WebhookInputError } from '../inputError';

const CALL_SID = /^[A-Za-z0-9_-]{1,64}$/;

/** The trimmed CallSid a Passthru or StatusCallback must carry; throws WebhookInputError (400) otherwise. */
export function requireCallSid(value: unknown): string {
  const callSid = optionalText(value) ?? '';
  if (!CALL_SID.test(callSid)) {
    throw new WebhookInputError(
      400,
      'CallSid is missing or malformed (expected 1–64 letters, digits, _ or -)',
    );
  }
  return callSid;
}
