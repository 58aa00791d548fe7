import { WebhookInputError } from '../inputError';
import { addParam, DEFAULT_PARAM_LIMITS, type ParamLimits, type Params } from './params';

/**
 * A `multipart/form-data` body (Exotel's default StatusCallbackContentType) → its text fields, under
 * the same limits as URL-encoded parameters. The body was already read within its size limit; the
 * parsing is Node's own (the fetch API's `Response.formData()`). File parts are refused: Exotel
 * sends none, and a file cannot be kept as a parameter.
 */
export async function parseMultipartBody(
  body: Buffer,
  contentType: string,
  into: Params,
  limits: ParamLimits = DEFAULT_PARAM_LIMITS,
): Promise<Params> {
  if (!/;\s*boundary=/i.test(contentType))
    throw new WebhookInputError(400, 'the multipart/form-data body has no boundary in its Content-Type');
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new WebhookInputError(400, 'the multipart/form-data body could not be read');
  }
  let count = Object.keys(into).length;
  for (const [name, value] of form) {
    if (typeof value !== 'string')
      throw new WebhookInputError(400, `part "${name.slice(0, 40)}" is a file; only text fields are read`);
    count = addParam(into, count, name, value, limits);
  }
  return into;
}
