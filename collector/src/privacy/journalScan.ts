import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeFrame } from '../journal/frame';
import { normalisePhone } from '../normalise/phone';
import { holdsForm } from './number';

/** Whether a value holds the number: a string that reads as it, or contains one of its written forms (separators allowed). */
export function mentionsNumber(value: unknown, e164: string, forms: readonly string[]): boolean {
  if (typeof value === 'string') return holdsForm(value, forms) || normalisePhone(value).e164 === e164;
  if (Array.isArray(value)) return value.some((v) => mentionsNumber(v, e164, forms));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).some(
      ([k, v]) => mentionsNumber(k, e164, forms) || mentionsNumber(v, e164, forms),
    );
  return false;
}

export interface JournalMentions {
  /** Webhook records in the journal files that hold the number. */
  events: number;
  /** The segment files they are in. */
  files: string[];
}

const SEGMENT = /^segment-\d{12}\.log$/;

/**
 * The webhook records in the journal folder (collector/src/journal) that hold the number. Read-only:
 * the running collector may be appending, so a torn tail is read as the end of its file and a segment
 * deleted meanwhile is skipped (its records are in the database by then).
 */
export async function journalMentions(
  dir: string,
  e164: string,
  forms: readonly string[],
): Promise<JournalMentions> {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => SEGMENT.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: 0, files: [] };
    throw error;
  }
  const found: JournalMentions = { events: 0, files: [] };
  for (const name of names.sort()) {
    const bytes = await readFile(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!bytes) continue;
    let events = 0;
    for (let offset = 0; ;) {
      const frame = decodeFrame(bytes, offset, bytes.length);
      if (frame.kind !== 'record') break;
      offset += frame.bytes;
      if (mentionsNumber(recordValue(frame.payload), e164, forms)) events++;
    }
    if (events > 0) {
      found.events += events;
      found.files.push(name);
    }
  }
  return found;
}

/** A record as JSON, or its text when it is not JSON (then any written form of the number counts). */
function recordValue(payload: Buffer): unknown {
  const text = payload.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
