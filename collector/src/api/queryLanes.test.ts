import { createQueryLanes, laneOf, laneSlots, LIVE_SPAN_MS } from './queryLanes';

describe('laneOf', () => {
  const QUERY = '/api/v1/query';
  const end = Date.UTC(2026, 0, 31, 12);

  it('puts ranges of up to a day in the live lane and longer ones in the history lane', () => {
    expect(laneOf(QUERY, { from: end - 6 * 3600_000, to: end })).toBe('live');
    expect(laneOf(QUERY, { from: end - LIVE_SPAN_MS, to: end })).toBe('live');
    expect(laneOf(QUERY, { from: end - LIVE_SPAN_MS - 1, to: end })).toBe('history');
    expect(laneOf(QUERY, { from: end - 30 * LIVE_SPAN_MS, to: end })).toBe('history');
  });

  it('reads the range as the API takes it: epoch ms as numbers or text, ISO 8601 with an offset', () => {
    expect(laneOf(QUERY, { from: String(end - 7 * LIVE_SPAN_MS), to: String(end) })).toBe('history');
    expect(laneOf(QUERY, { from: '2026-01-24T12:00:00+05:30', to: '2026-01-31T12:00:00+05:30' })).toBe(
      'history',
    );
    expect(laneOf(QUERY, { from: '2026-01-31T06:00:00Z', to: '2026-01-31T12:00:00Z' })).toBe('live');
  });

  it('puts the callback worklist in the history lane: it reads a month of missed calls', () => {
    expect(laneOf('/api/v1/callbacks/open', {})).toBe('history');
    expect(laneOf('/api/v1/exophones', {})).toBe('live');
  });

  it('keeps requests without a usable range live (their route answers or refuses them at once)', () => {
    expect(laneOf(QUERY, {})).toBe('live');
    expect(laneOf(QUERY, { from: 'last week', to: end })).toBe('live');
    expect(laneOf(QUERY, { from: { $gt: 1 }, to: end })).toBe('live');
  });
});

describe('createQueryLanes', () => {
  it('gives history half the live slots, at least one', async () => {
    const fill = async (lanes: ReturnType<typeof createQueryLanes>) => {
      for (const lane of [lanes.live, lanes.history]) for (let i = 0; i < 10; i++) void lane.acquire();
      await new Promise((resolve) => setImmediate(resolve));
      return { live: lanes.live.counts().active, history: lanes.history.counts().active };
    };
    expect(await fill(createQueryLanes(4))).toEqual({ live: 4, history: 2 });
    expect(await fill(createQueryLanes(1))).toEqual({ live: 1, history: 1 });
    expect(laneSlots(4)).toEqual({ live: 4, history: 2 });
  });
});
