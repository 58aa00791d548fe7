import type { ExotelRestException } from '../exotel/types';

/** An error answered with Exotel's `{"RestException": {...}}` body. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: number | string = status,
  ) {
    super(message);
  }

  body(): ExotelRestException {
    return { RestException: { Status: this.status, Code: this.code, Message: this.message } };
  }
}
