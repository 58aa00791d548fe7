import type { ClientBase } from 'pg';
import { log } from '../log';
import { normaliseCalls } from '../normalise';
import type { CallRecord } from '../normalise/types';
import { upsertCalls } from '../store/calls';
import { keepRejectedCalls } from '../store/rejectedCalls';
import type { CallPage } from './source';

export interface PageWriteResult {
  received: number;
  written: number;
  rejected: number;
  /** Calls stored for the first time. */
  inserted: CallRecord[];
  /** Calls the database shows offered / answered for the first time (upsertCalls). */
  offered: CallRecord[];
  answered: CallRecord[];
}

/** The calls of a page that metrics count: stored for the first time, and offered / answered for the first time. */
export type CountedCalls = Pick<PageWriteResult, 'inserted' | 'offered' | 'answered'>;

/** What the sync reports as it goes (metrics). */
export interface SyncHooks {
  /** After each page that stored a call for the first time or first showed one offered / answered. */
  onCountedCalls?: (calls: CountedCalls) => void;
}

/** Normalises one page and writes it inside the caller's transaction. */
export async function writeCallPage(
  tx: ClientBase,
  accountSid: string,
  timeZone: string,
  page: CallPage,
): Promise<PageWriteResult> {
  const { records, rejected } = normaliseCalls(page.calls, { timeZone, accountSid });
  if (rejected.length > 0) {
    log.warn(
      { accountSid, rejected: rejected.map((r) => ({ sid: r.sid, reason: r.error.message })) },
      'Exotel sent call records that cannot be normalised; kept in rejected_calls',
    );
    await keepRejectedCalls(
      tx,
      accountSid,
      rejected.map((r) => ({ sid: r.sid, reason: r.error.message, raw: page.calls[r.index] })),
    );
  }
  const { written, inserted, offered, answered } = await upsertCalls(tx, records);
  return { received: page.calls.length, written, rejected: rejected.length, inserted, offered, answered };
}
