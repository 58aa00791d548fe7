import type { IncomingMessage } from 'node:http';
import { WebhookInputError } from '../inputError';

/**
 * Reads a request body of at most `limit` bytes. A declared Content-Length over the limit is refused
 * before reading; a body that grows past it is refused as soon as it does (nothing more is buffered).
 * A client that goes away mid-body gets a 400 it will not see; nothing is kept.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (error) {
        req.resume();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = () => finish(new WebhookInputError(400, 'the request body was cut off'));
    const onClose = () => finish(new WebhookInputError(400, 'the request body was cut off'));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function tooLarge(limit: number): WebhookInputError {
  return new WebhookInputError(413, `the request body is larger than ${limit} bytes`);
}
