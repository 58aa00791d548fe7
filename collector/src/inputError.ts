/** A request the webhook cannot accept as sent: answered with `status` and a JSON `{error}`. */
export class WebhookInputError extends Error {
  override name = 'WebhookInputError';

  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}
