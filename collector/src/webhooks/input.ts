import type { Request } from 'express';
import { readBody } from './body';
import type { WebhookRoute } from './eventKey';
import { WebhookInputError } from '../inputError';
import { parseMultipartBody } from './formBody';
import { parseJsonBody } from './jsonBody';
import { addEncodedParams, addJsonParams, DEFAULT_PARAM_LIMITS, type Params } from './params';

export interface BodyLimits {
  /** Passthru form posts. Default 64 KiB. */
  passthru: number;
  /** Exotel caps heartbeats at 10 MB (larger ones become PAYLOAD_TOO_LARGE). Default 10 MiB. */
  heartbeat: number;
  /** Default 256 KiB. */
  statusCallback: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  passthru: 64 * 1024,
  heartbeat: 10 * 1024 * 1024,
  statusCallback: 256 * 1024,
};

const isJson = (req: Request, body: Buffer) =>
  /\bjson\b/i.test(req.headers['content-type'] ?? '') ||
  (req.headers['content-type'] === undefined && body[0] === 0x7b);

/** The media type of a Content-Type header, lower-cased, without its parameters. */
const mediaType = (contentType: string) => contentType.split(';', 1)[0]!.trim().toLowerCase();

/**
 * A StatusCallback body in any encoding Exotel may use: `StatusCallbackContentType` is
 * `multipart/form-data` by default or `application/json` (exotel-api.md §4.1); URL-encoded forms are
 * read too. JSON values are kept as sent (`Legs` stays an array). Anything else is refused with 415.
 */
async function readStatusCallbackBody(
  contentType: string | undefined,
  body: Buffer,
): Promise<Record<string, unknown>> {
  // Form fields are text; JSON fields keep their JSON values.
  const params: Params = Object.create(null);
  const type = contentType === undefined ? undefined : mediaType(contentType);
  if (type === 'multipart/form-data') return parseMultipartBody(body, contentType!, params);
  if (type === 'application/x-www-form-urlencoded' || (type === undefined && body[0] !== 0x7b))
    return addEncodedParams(body.toString('utf8'), params);
  if (type !== undefined && !/^application\/(?:[\w.+-]+\+)?json$/.test(type)) {
    throw new WebhookInputError(
      415,
      `a StatusCallback body must be multipart/form-data, application/json or application/x-www-form-urlencoded, not ${type.slice(0, 80)}`,
    );
  }
  const json = parseJsonBody(body);
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new WebhookInputError(400, 'the JSON body must be an object');
  for (const [name, value] of Object.entries(json)) {
    Object.defineProperty(params, name, { value, enumerable: true, writable: true, configurable: true });
  }
  return params;
}

function queryString(req: Request): string {
  const index = req.originalUrl.indexOf('?');
  return index < 0 ? '' : req.originalUrl.slice(index + 1);
}

/**
 * The route's input as it is journaled: Passthru parameters (query string, plus a form or JSON body
 * on POST), the heartbeat's JSON body, or the StatusCallback body (multipart or URL-encoded form
 * fields as text, or a JSON object, query parameters added). Throws WebhookInputError for input that cannot be read.
 */
export async function readInput(route: WebhookRoute, req: Request, limits: BodyLimits): Promise<unknown> {
  switch (route) {
    case 'passthru':
    case 'agent': {
      const params: Params = Object.create(null);
      addEncodedParams(queryString(req), params);
      if (req.method !== 'POST') return { ...params };
      const body = await readBody(req, limits.passthru);
      if (isJson(req, body)) addJsonParams(parseJsonBody(body), params);
      else addEncodedParams(body.toString('utf8'), params);
      return { ...params };
    }
    case 'heartbeat':
      return parseJsonBody(await readBody(req, limits.heartbeat));
    case 'status-callback': {
      const body = await readBody(req, limits.statusCallback);
      const params = await readStatusCallbackBody(req.headers['content-type'], body);
      addEncodedParams(queryString(req), params as Params, DEFAULT_PARAM_LIMITS);
      return { ...params };
    }
  }
}
