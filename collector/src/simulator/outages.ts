import type { ExoPhone } from './account-model';
import { mix3 } from './hash';

export type OutageDirection = 'incoming' | 'outgoing';

const BLOCK_MS = 6 * 3_600_000;
/** Chance that an ExoPhone has an outage in a six-hour block, per direction. */
const OUTAGE_CHANCE: Record<OutageDirection, number> = { incoming: 0.12, outgoing: 0.05 };
const DIRECTION_SALT: Record<OutageDirection, number> = { incoming: 0x1c0, outgoing: 0x0c0 };

/**
 * Deterministic ExoPhone outages for demo heartbeats: in each six-hour block an ExoPhone may be
 * down for 10–40 minutes in one direction, a pure function of (seed, ExoPhone, block). Outages
 * forced through `takeDown` (tests, `/__sim/outage`) come on top.
 */
export class OutageSchedule {
  private readonly forced: { sid: string; direction: OutageDirection; untilMs: number }[] = [];

  constructor(private readonly seedHash: number) {}

  takeDown(sid: string, direction: OutageDirection, untilMs: number): void {
    this.forced.push({ sid, direction, untilMs });
  }

  isDown(exophone: ExoPhone, direction: OutageDirection, atMs: number): boolean {
    if (this.forced.some((f) => f.sid === exophone.sid && f.direction === direction && atMs < f.untilMs))
      return true;
    const block = Math.floor(atMs / BLOCK_MS);
    const draw = mix3(this.seedHash ^ DIRECTION_SALT[direction], exophone.index, block);
    if (draw / 4294967296 >= OUTAGE_CHANCE[direction]) return false;
    const startMs = block * BLOCK_MS + (mix3(draw, 1, block) % (BLOCK_MS - 3_600_000));
    const lengthMs = (10 + (mix3(draw, 2, block) % 31)) * 60_000;
    return atMs >= startMs && atMs < startMs + lengthMs;
  }

  affected(exophones: readonly ExoPhone[], direction: OutageDirection, atMs: number): ExoPhone[] {
    return exophones.filter((exophone) => this.isDown(exophone, direction, atMs));
  }
}
