import { WebhookInputError } from '../inputError';
import { assertStorableText } from './params';

/** Deeper nesting than any Exotel payload; bounds the recursion of everything that walks a body. */
const MAX_DEPTH = 32;

/**
 * Request body → JSON value, refusing what could not be stored or walked safely later: nesting
 * deeper than MAX_DEPTH, NUL characters and invalid Unicode in keys or strings.
 */
export function parseJsonBody(body: Buffer): unknown {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new WebhookInputError(400, `the body is not valid JSON: ${(error as Error).message.slice(0, 120)}`);
  }
  assertWalkable(value, 0);
  return value;
}

function assertWalkable(value: unknown, depth: number): void {
  if (typeof value === 'string') {
    assertStorableText(value, 'a JSON string');
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH)
    throw new WebhookInputError(400, `the JSON body is nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    for (const item of value) assertWalkable(item, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    assertStorableText(key, 'a JSON key');
    assertWalkable(item, depth + 1);
  }
}
