import type { Request, Response } from 'express';
import { log } from '../log';

/** An error the client caused: answered with its `status` (400 when it has none) and its message. */
type ClientErrorClass = abstract new (...args: never[]) => Error;

/**
 * Wraps an async route handler: errors of the `clientErrors` classes become their 4xx answer with
 * `{"error": message}`, anything else a logged 500 that tells the client nothing internal.
 */
export function jsonHandler(api: string, clientErrors: readonly ClientErrorClass[]) {
  return (work: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      if (clientErrors.some((c) => error instanceof c)) {
        const status = (error as { status?: unknown }).status;
        res.status(typeof status === 'number' ? status : 400).json({ error: (error as Error).message });
      } else {
        log.error({ err: (error as Error).message }, `${api} failed`);
        res.status(500).json({ error: 'internal error' });
      }
    }
  };
}
