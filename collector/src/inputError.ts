/**
 * A webhook the collector cannot accept as sent (webhooks/, and heartbeats parsed in exophones/):
 * answered with `status` and a JSON `{error}`.
 */
export class WebhookInputError extends Error {
  override name = 'WebhookInputError';

  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}
