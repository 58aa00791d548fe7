import type { CollectorAnnotation } from '@exowatch/contract';
import { periodSpanOverlaps } from '../rollups/healthPieces';
import type { Queryable } from '../store/db';

/** A sync whose checkpoint is older than this is shown as a gap. */
const SYNC_GAP_MS = 10 * 60_000;

/**
 * ExoPhone incidents, heartbeat silences and sync gaps over [from, to). Ordered completely (ties on the
 * start broken by ExoPhone and direction, or end), so the same question gets the same answer.
 */
export async function listAnnotations(
  db: Queryable,
  from: Date,
  to: Date,
  now: Date,
): Promise<CollectorAnnotation[]> {
  const out: CollectorAnnotation[] = [];
  const incidents = await db.query<{
    sid: string;
    phone: string | null;
    direction: string;
    started_at: Date;
    ended_at: Date | null;
  }>(
    `SELECT hp.exophone_sid AS sid, coalesce(hp.phone_number, x.phone_number) AS phone, hp.direction, hp.started_at, hp.ended_at
     FROM exophone_health_periods hp LEFT JOIN exophones x ON x.account_sid = hp.account_sid AND x.sid = hp.exophone_sid
     WHERE hp.state = 'affected' AND ${periodSpanOverlaps('$1', '$2')}
       AND hp.started_at < $2 AND coalesce(hp.ended_at, $3) > $1
     ORDER BY hp.started_at, hp.exophone_sid, hp.direction LIMIT 2000`,
    [from, to, now],
  );
  for (const r of incidents.rows) {
    out.push({
      time: r.started_at.getTime(),
      timeEnd: (r.ended_at ?? now).getTime(),
      title: `ExoPhone ${r.phone ?? r.sid} ${r.direction} affected`,
      text: `Heartbeat listed ${r.phone ?? r.sid} as affected for ${r.direction} calls${r.ended_at ? '' : ' (ongoing)'}`,
      tags: ['incident', r.direction, ...(r.phone ? [r.phone] : [])],
    });
  }
  const silences = await db.query<{ started_at: Date; ended_at: Date | null; numbers: string }>(
    `SELECT started_at, ended_at, count(DISTINCT exophone_sid) AS numbers FROM exophone_health_periods hp
     WHERE state = 'unknown' AND ${periodSpanOverlaps('$1', '$2')} AND started_at < $2 AND coalesce(ended_at, $3) > $1
     GROUP BY started_at, ended_at ORDER BY started_at, ended_at LIMIT 2000`,
    [from, to, now],
  );
  for (const r of silences.rows) {
    out.push({
      time: r.started_at.getTime(),
      timeEnd: (r.ended_at ?? now).getTime(),
      title: 'Heartbeat silence',
      text: `No heartbeat for ${r.numbers} ExoPhone direction(s): health unknown`,
      tags: ['heartbeat-silence'],
    });
  }
  const sync = await db.query<{ account_sid: string; synced_until: Date | null; last_error: string | null }>(
    'SELECT account_sid, synced_until, last_error FROM sync_state',
  );
  for (const r of sync.rows) {
    const since = r.synced_until?.getTime();
    if (since === undefined || now.getTime() - since < SYNC_GAP_MS || since >= to.getTime()) continue;
    out.push({
      time: Math.max(since, from.getTime()),
      timeEnd: now.getTime(),
      title: `Call sync behind for ${r.account_sid}`,
      text: `Calls after ${new Date(since).toISOString()} are not synced yet${r.last_error ? `; last error: ${r.last_error}` : ''}`,
      tags: ['sync-gap'],
    });
  }
  return out.sort((a, b) => a.time - b.time);
}
