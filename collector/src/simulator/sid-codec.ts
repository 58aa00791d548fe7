import { Rng, mix3 } from './hash';

/**
 * Call Sids that look random (32 lowercase hex characters, like Exotel's) but can be decoded back to the
 * minute slot and index that generated them, so a Sid lookup costs O(1) instead of a scan.
 *
 * Layout: the first 12 hex characters are a keyed 4-round Feistel permutation of slot * 4096 + index
 * (48 bits); the remaining 20 are hash bits of the same call.
 */
export const MAX_CALLS_PER_SLOT = 4096;
const HALF_MASK = 0xffffff;
const HALF_RANGE = 0x1000000;
const ROUNDS = 4;

export interface CallLocator {
  slot: number;
  index: number;
}

export class SidCodec {
  constructor(private readonly seedHash: number) {}

  encode(slot: number, index: number): string {
    const value = slot * MAX_CALLS_PER_SLOT + index;
    let left = Math.floor(value / HALF_RANGE) & HALF_MASK;
    let right = value % HALF_RANGE;
    for (let round = 0; round < ROUNDS; round++) {
      const next = left ^ this.roundKey(round, right);
      left = right;
      right = next;
    }
    const rng = new Rng(mix3(this.seedHash, slot, index ^ 0x5150));
    return (
      hex24(left) + hex24(right) + hex32(rng.nextUint32()) + hex32(rng.nextUint32()) + hex16(rng.nextUint32())
    );
  }

  /** Where the Sid would come from, or null when it cannot be one of ours (the caller still checks it exists). */
  decode(sid: string): CallLocator | null {
    if (!/^[0-9a-f]{32}$/.test(sid)) return null;
    let left = parseInt(sid.slice(0, 6), 16);
    let right = parseInt(sid.slice(6, 12), 16);
    for (let round = ROUNDS - 1; round >= 0; round--) {
      const previous = right ^ this.roundKey(round, left);
      right = left;
      left = previous;
    }
    const value = left * HALF_RANGE + right;
    const locator = { slot: Math.floor(value / MAX_CALLS_PER_SLOT), index: value % MAX_CALLS_PER_SLOT };
    return this.encode(locator.slot, locator.index) === sid ? locator : null;
  }

  private roundKey(round: number, half: number): number {
    return mix3(this.seedHash, round, half) & HALF_MASK;
  }
}

// Sids are built for every generated call; table lookups are much faster than toString(16) + padding.
const HEX_BYTE = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex16(value: number): string {
  return HEX_BYTE[(value >>> 8) & 0xff]! + HEX_BYTE[value & 0xff]!;
}

function hex24(value: number): string {
  return HEX_BYTE[(value >>> 16) & 0xff]! + hex16(value);
}

function hex32(value: number): string {
  return HEX_BYTE[value >>> 24]! + hex24(value);
}
