/** A field of an Exotel record that cannot be turned into its stored form. */
export class NormaliseError extends Error {
  override name = 'NormaliseError';

  constructor(
    readonly field: string,
    readonly value: unknown,
    readonly reason: string,
    readonly sid: string | null = null,
  ) {
    super(
      `${sid === null ? '' : `call ${sid}: `}${field}: ${reason} (got ${JSON.stringify(value) ?? String(value)})`,
    );
  }

  /** The same error, with the message naming the call it came from. */
  inCall(sid: string): NormaliseError {
    return new NormaliseError(this.field, this.value, this.reason, sid);
  }
}
