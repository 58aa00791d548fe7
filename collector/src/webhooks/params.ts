import { WebhookInputError } from '../inputError';

/** Webhook parameters by name. A name sent twice keeps its first value. */
export type Params = Record<string, string>;

export interface ParamLimits {
  maxParams: number;
  maxNameLength: number;
  maxValueLength: number;
}

export const DEFAULT_PARAM_LIMITS: ParamLimits = { maxParams: 256, maxNameLength: 128, maxValueLength: 8192 };

/**
 * NUL characters and unpaired surrogates cannot be stored in PostgreSQL text or jsonb; a request
 * carrying them is refused up front so that nothing accepted can fail later in the database.
 */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Cheap first look (no lookaround): text without NUL or surrogates, nearly all of it, is storable. */
const MAYBE_UNSTORABLE = /[\0\ud800-\udfff]/;

export function assertStorableText(text: string, what: string): void {
  if (MAYBE_UNSTORABLE.test(text) && UNSTORABLE.test(text))
    throw new WebhookInputError(400, `${what} contains a NUL character or invalid Unicode`);
}

/** Adds URL-encoded pairs (a query string or a form body) to `into`, enforcing the limits. */
export function addEncodedParams(
  encoded: string,
  into: Params,
  limits: ParamLimits = DEFAULT_PARAM_LIMITS,
): Params {
  let count = Object.keys(into).length;
  for (const [name, value] of new URLSearchParams(encoded))
    count = addParam(into, count, name, value, limits);
  return into;
}

/** Adds the fields of a JSON object; values must be text, numbers, booleans or null. */
export function addJsonParams(
  body: unknown,
  into: Params,
  limits: ParamLimits = DEFAULT_PARAM_LIMITS,
): Params {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new WebhookInputError(400, 'the JSON body must be an object of parameters');
  }
  let count = Object.keys(into).length;
  for (const [name, value] of Object.entries(body)) {
    if (value === null) continue;
    if (typeof value === 'object')
      throw new WebhookInputError(400, `parameter "${name.slice(0, 40)}" must be text`);
    count = addParam(into, count, name, String(value), limits);
  }
  return into;
}

/** Adds one parameter to `into`, which holds `count` of them; returns the new count. */
export function addParam(
  into: Params,
  count: number,
  name: string,
  value: string,
  limits: ParamLimits,
): number {
  if (name === '' || Object.prototype.hasOwnProperty.call(into, name)) return count;
  if (count >= limits.maxParams) {
    throw new WebhookInputError(400, `more than ${limits.maxParams} parameters`);
  }
  if (name.length > limits.maxNameLength) {
    throw new WebhookInputError(400, `a parameter name is longer than ${limits.maxNameLength} characters`);
  }
  if (value.length > limits.maxValueLength) {
    throw new WebhookInputError(
      400,
      `parameter "${name}" is longer than ${limits.maxValueLength} characters`,
    );
  }
  assertStorableText(name, 'a parameter name');
  assertStorableText(value, `parameter "${name}"`);
  // A parameter named __proto__ must become a plain field, not a prototype.
  if (name === '__proto__')
    Object.defineProperty(into, name, { value, enumerable: true, writable: true, configurable: true });
  else into[name] = value;
  return count + 1;
}
