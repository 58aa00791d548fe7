/**
 * The simulator's notion of "now", which decides which calls have ended and settled. It runs at
 * `speed` times real time from a start instant (speed 1 from the real time: demo mode); tests freeze it
 * (speed 0) and move it with set()/advance().
 */
export interface ClockOptions {
  /** Start instant (ISO text or epoch ms); default: the real current time. */
  start?: string | number;
  /** Simulated milliseconds per real millisecond; 0 freezes the clock. Default 1. */
  speed?: number;
}

export class SimulatorClock {
  private baseMs: number;
  private baseWallMs: number;
  private speed: number;

  constructor(
    options: ClockOptions = {},
    private readonly wallClock: () => number = Date.now,
  ) {
    this.baseWallMs = wallClock();
    this.baseMs = options.start === undefined ? this.baseWallMs : toMillis(options.start);
    this.speed = options.speed ?? 1;
  }

  now(): number {
    return this.baseMs + (this.wallClock() - this.baseWallMs) * this.speed;
  }

  /** Jump to an instant; the clock keeps its speed from there. */
  set(at: string | number | Date): void {
    this.baseMs = toMillis(at);
    this.baseWallMs = this.wallClock();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }

  setSpeed(speed: number): void {
    this.set(this.now());
    this.speed = speed;
  }
}

/** An instant given as ISO text, epoch milliseconds or a Date → epoch milliseconds. */
export function toMillis(at: string | number | Date): number {
  const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) throw new Error(`Not a time: ${String(at)}`);
  return ms;
}
