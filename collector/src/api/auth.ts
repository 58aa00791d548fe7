import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

/** Constant-time comparison, so a token cannot be guessed byte by byte from response times. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function bearer(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Whether the request carries `token` as its bearer token (e.g. the admin token on a viewer endpoint). */
export function carriesToken(header: string | undefined, token: string): boolean {
  const given = bearer(header);
  return given !== null && secretsEqual(given, token);
}

/**
 * Accepts any of the given tokens as `Authorization: Bearer <token>` (the admin token also reads).
 * Grafana's data proxy adds this header from the data source's secureJsonData.
 */
export function requireToken(...accepted: string[]): RequestHandler {
  return (req, res, next) => {
    const token = bearer(req.headers.authorization);
    if (!token) {
      res.status(401).json({ error: 'missing bearer token: send Authorization: Bearer <token>' });
      return;
    }
    if (!accepted.some((expected) => secretsEqual(token, expected))) {
      res.status(403).json({ error: 'token not accepted for this endpoint' });
      return;
    }
    next();
  };
}
