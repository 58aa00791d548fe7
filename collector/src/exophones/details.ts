import type { ExotelExoPhoneDetails } from '../exotel/envelope';
import { parseHeartbeat, type HeartbeatEvent } from './heartbeat';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const hasOutage = (connectivity: unknown): boolean =>
  isObject(connectivity) &&
  [connectivity.incoming_call, connectivity.outgoing_call].some(
    (block) =>
      isObject(block) && typeof block.status === 'string' && block.status.toLowerCase() === 'major_outage',
  );

/**
 * What a read of the ExoPhone details API says, as the heartbeat it stands in for: each ExoPhone's
 * `connectivity` block is the heartbeat's `data` shape B, so health is derived by the same rules
 * (`major_outage` affected, `active` healthy, `alternate_exophone` kept). `WARNING` when any
 * ExoPhone is down, else `OK`; never `CRITICAL`, which only Exotel's own heartbeat can declare.
 */
export function heartbeatFromDetails(details: readonly ExotelExoPhoneDetails[]): HeartbeatEvent {
  return parseHeartbeat({
    status_type: details.some((d) => hasOutage(d.connectivity)) ? 'WARNING' : 'OK',
    data: Object.fromEntries(details.map((d) => [d.sid, { connectivity: d.connectivity ?? null }])),
  });
}
