import { parseQueryRequest } from '../query/engine';
import { WINDOW_CAP_MS } from './match';
import { rollupReach } from './missedRollup';

const MIN = 60_000;
const HOUR = 60 * MIN;
// 18:30 UTC: on the 15-minute grid, as every IST hour is.
const FROM = Date.parse('2026-01-05T00:00:00+05:30');
const spec = (metric: string, interval: string, from = FROM, extra: Record<string, unknown> = {}) =>
  parseQueryRequest(
    { metric, interval, from, to: FROM + 6 * HOUR, groupBy: ['team'], ...extra },
    'Asia/Kolkata',
  );

describe('where the missed-call rollup may answer', () => {
  it('covers the whole slots of the range, up to now', () => {
    expect(rollupReach(spec('callback_rate', '1h'), FROM + 9 * HOUR)).toEqual({
      from: FROM,
      to: FROM + 6 * HOUR,
      settledBy: FROM + 9 * HOUR,
    });
    // A range starting mid-slot: that slot's calls are read one by one.
    expect(rollupReach(spec('time_to_callback', '1d', FROM + 7 * MIN), FROM + 9 * HOUR)?.from).toBe(
      FROM + 15 * MIN,
    );
    expect(rollupReach(spec('callback_rate', '1h'), FROM + 2 * HOUR + 20 * MIN)?.to).toBe(
      FROM + 2 * HOUR + 15 * MIN,
    );
  });

  it('stops at the first bucket that starts inside a slot', () => {
    const tenMinutes = rollupReach(spec('callback_rate', '10m'), FROM + 9 * HOUR)!;
    expect(tenMinutes.to).toBeLessThanOrEqual(tenMinutes.from);
  });

  it('counts waiting calls from the rollup whether or not they have stopped, minding instants off the grid', () => {
    // Instants FROM+1h, +2h (on the grid) and now, off it: the slot of now is read from the calls, and
    // missedRollupSpan finds the rows with a call stopping inside it.
    const now = FROM + 2 * HOUR + 10 * MIN;
    expect(rollupReach(spec('missed_callbacks_open', '1h'), now)).toEqual({
      from: FROM + HOUR - WINDOW_CAP_MS,
      to: FROM + 2 * HOUR,
      offGrid: [now],
    });
    // Every instant on the grid (the bucket ends, now past the range): the rollup reaches the last one.
    expect(rollupReach(spec('missed_callbacks_open', '1h'), FROM + 9 * HOUR)).toEqual({
      from: FROM + HOUR - WINDOW_CAP_MS,
      to: FROM + 6 * HOUR,
      offGrid: [],
    });
    expect(rollupReach(spec('missed_callbacks_open', '10m'), FROM + 9 * HOUR)).toMatchObject({
      offGrid: [...Array(36).keys()]
        .map((i) => FROM + (i + 1) * 10 * MIN)
        .filter((t) => t % (15 * MIN) !== 0),
    });
    expect(rollupReach(spec('missed_callbacks_open', '1h'), FROM)).toBeNull();
  });

  it('leaves queries by agent, ExoPhone or flow to the missed calls: the rollup keeps none', () => {
    expect(
      rollupReach(spec('callback_rate', '1h', FROM, { groupBy: ['agent'] }), FROM + 9 * HOUR),
    ).toBeNull();
    expect(
      rollupReach(
        spec('callback_rate', '1h', FROM, { filters: [{ key: 'agent', values: ['+919900000001'] }] }),
        FROM + 9 * HOUR,
      ),
    ).toBeNull();
    expect(
      rollupReach(spec('time_to_callback', '1d', FROM, { groupBy: ['exophone'] }), FROM + 9 * HOUR),
    ).toBeNull();
    expect(
      rollupReach(
        spec('missed_callbacks_open', '1h', FROM, { groupBy: ['team', 'period'] }),
        FROM + 9 * HOUR,
      ),
    ).not.toBeNull();
  });
});
