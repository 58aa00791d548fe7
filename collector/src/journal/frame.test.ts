import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES } from './frame';

describe('journal frames', () => {
  const payload = Buffer.from('{"route":"passthru"}');

  it('round-trips a payload and reports the bytes it used', () => {
    const frame = encodeFrame(payload);
    const decoded = decodeFrame(Buffer.concat([frame, encodeFrame(Buffer.from('x'))]), 0, 1024);
    expect(decoded).toEqual({ kind: 'record', payload, bytes: FRAME_HEADER_BYTES + payload.length });
  });

  it('reports a frame cut short as incomplete', () => {
    const frame = encodeFrame(payload);
    expect(decodeFrame(frame.subarray(0, frame.length - 1), 0, 1024)).toEqual({ kind: 'incomplete' });
    expect(decodeFrame(frame.subarray(0, 3), 0, 1024)).toEqual({ kind: 'incomplete' });
  });

  it('rejects a flipped byte and an impossible length', () => {
    const frame = encodeFrame(payload);
    frame[FRAME_HEADER_BYTES + 2] = frame[FRAME_HEADER_BYTES + 2]! ^ 0xff;
    expect(decodeFrame(frame, 0, 1024)).toMatchObject({ kind: 'corrupt', reason: 'checksum mismatch' });
    expect(decodeFrame(encodeFrame(payload), 0, 4)).toMatchObject({ kind: 'corrupt' });
  });
});
