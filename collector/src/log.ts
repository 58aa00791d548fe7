import pino from 'pino';

/**
 * The one logger. Tokens and secrets are redacted by path; phone numbers are masked where they are
 * logged (see maskPhone), never logged whole.
 */
export const log = pino({
  level: process.env.EXOWATCH_LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
  redact: {
    paths: [
      'apiToken',
      'apiKey',
      'token',
      'secret',
      '*.apiToken',
      '*.apiKey',
      '*.token',
      '*.secret',
      'authorization',
      '*.authorization',
    ],
    censor: '[redacted]',
  },
});

export type Logger = pino.Logger;

/** `+919876543210` → `+91******3210`: enough to recognise a number in a log, not to dial it. */
export function maskPhone(number: string | null | undefined): string {
  if (!number) return '';
  if (number.length <= 6) return '*'.repeat(number.length);
  return number.slice(0, 3) + '*'.repeat(number.length - 7) + number.slice(-4);
}
