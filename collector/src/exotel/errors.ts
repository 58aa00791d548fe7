/** What went wrong on one attempt; also the label the metrics module counts by. */
export type ExotelFailureKind =
  'auth' | 'client-error' | 'rate-limited' | 'server-error' | 'network' | 'timeout' | 'invalid-body';

export interface ExotelErrorDetails {
  kind: ExotelFailureKind;
  status?: number;
  /** RestException.Code: a number (34001) or a string ("RATE_LIMIT_EXCEEDED") depending on the API. */
  code?: string | number;
  attempts?: number;
}

/** Base of every error the Exotel client raises. Never carries credentials or the request config. */
export class ExotelError extends Error {
  override name = 'ExotelError';
  readonly kind: ExotelFailureKind;
  readonly status: number | undefined;
  readonly code: string | number | undefined;
  readonly attempts: number | undefined;

  constructor(message: string, details: ExotelErrorDetails) {
    super(message);
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.attempts = details.attempts;
  }
}

/** 401/403: the credentials or account are wrong; retrying cannot help. */
export class ExotelAuthError extends ExotelError {
  override name = 'ExotelAuthError';
}

/** Any other 4xx: Exotel rejected the request itself; the message carries RestException.Message. */
export class ExotelRequestError extends ExotelError {
  override name = 'ExotelRequestError';
}

/** A retryable failure (429, 5xx, network, timeout, invalid body) that persisted through every attempt. */
export class ExotelRetriesExhaustedError extends ExotelError {
  override name = 'ExotelRetriesExhaustedError';
}

/** The response body was not the JSON envelope expected (truncated, HTML error page, missing `Calls`). */
export class ExotelInvalidBodyError extends Error {
  override name = 'ExotelInvalidBodyError';
}

/** Reads `{"RestException": {"Code", "Message"}}` from an error body that may be anything. */
export function readRestException(body: unknown): { message?: string; code?: string | number } {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return {};
    }
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const exception = (parsed as { RestException?: unknown }).RestException;
  if (typeof exception !== 'object' || exception === null) return {};
  const { Message, Code } = exception as { Message?: unknown; Code?: unknown };
  return {
    ...(typeof Message === 'string' ? { message: Message } : {}),
    ...(typeof Code === 'string' || typeof Code === 'number' ? { code: Code } : {}),
  };
}
