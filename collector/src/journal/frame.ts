import { crc32 } from 'node:zlib';

/**
 * On-disk record framing: `[u32 payload length][u32 crc32 of payload][payload]`, little-endian.
 * The checksum tells a record that was written whole from the torn tail a crash can leave.
 */
export const FRAME_HEADER_BYTES = 8;

export function encodeFrame(payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, FRAME_HEADER_BYTES);
  return frame;
}

export type DecodedFrame =
  | { kind: 'record'; payload: Buffer; bytes: number }
  /** Not enough bytes yet for a whole frame (or a torn tail after a crash). */
  | { kind: 'incomplete' }
  /** A length beyond the limit or a checksum mismatch: nothing after this point can be trusted. */
  | { kind: 'corrupt'; reason: string };

/** Decodes the frame starting at `offset` of `buffer`. */
export function decodeFrame(buffer: Buffer, offset: number, maxPayloadBytes: number): DecodedFrame {
  if (buffer.length - offset < FRAME_HEADER_BYTES) return { kind: 'incomplete' };
  const length = buffer.readUInt32LE(offset);
  if (length > maxPayloadBytes)
    return { kind: 'corrupt', reason: `record length ${length} exceeds ${maxPayloadBytes}` };
  const end = offset + FRAME_HEADER_BYTES + length;
  if (end > buffer.length) return { kind: 'incomplete' };
  const payload = buffer.subarray(offset + FRAME_HEADER_BYTES, end);
  if (crc32(payload) !== buffer.readUInt32LE(offset + 4))
    return { kind: 'corrupt', reason: 'checksum mismatch' };
  return { kind: 'record', payload, bytes: end - offset };
}
