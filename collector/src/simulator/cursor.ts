import type { Position } from './call-query';

/**
 * Paging cursors (`After=` / `Before=`). A cursor names a position in API order — the DateCreated
 * second and Sid of the call it follows — not a snapshot, so it stays valid forever: the same cursor
 * later gives the same next page, plus any calls that have ended in the meantime.
 */
const CURSOR_PATTERN = /^(\d{1,12})\.([0-9a-f]{32})$/;

export function encodeCursor(position: Position): string {
  return Buffer.from(`${Math.floor(position.createdMs / 1000)}.${position.sid}`).toString('base64url');
}

/** The position, or null when the text is not a cursor of ours. */
export function decodeCursor(cursor: string): Position | null {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match) return null;
  return { createdMs: Number(match[1]) * 1000, sid: match[2]! };
}
