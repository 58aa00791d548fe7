import { buildFrame } from './frames';
import { parseQueryRequest } from '../query/engine';

const request = (metric: string) =>
  parseQueryRequest(
    { from: '2026-01-05T00:00:00Z', to: '2026-01-06T00:00:00Z', interval: '1h', metric },
    'Asia/Kolkata',
  );

describe('frames of a range without rows', () => {
  it('keep the hour × weekday grid: the hour column and one column of zeros per weekday', () => {
    const frame = buildFrame(request('incoming_trend'), [], []);
    expect(frame.fields[0]).toEqual(expect.objectContaining({ name: 'hour', values: [...Array(24).keys()] }));
    const weekdays = frame.fields.slice(1);
    expect(weekdays.map((f) => f.labels?.weekday)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    for (const f of weekdays) expect(f.values).toEqual(Array(24).fill(0));
  });

  it('fill the grid cell of the row it has, by local weekday and hour', () => {
    const frame = buildFrame(request('incoming_trend'), [{ dow: 3, hod: 9, offered: 4 }], []);
    const wed = frame.fields.find((f) => f.labels?.weekday === 'Wed')!;
    expect(wed.values[9]).toBe(4);
    expect(wed.values.filter((v) => v !== 0)).toHaveLength(1);
  });

  it('keep one time series of zeros on the time-series path', () => {
    const spec = request('calls');
    const frame = buildFrame(spec, [], []);
    expect(frame.fields.map((f) => f.name)).toEqual(['time', 'calls']);
    expect(frame.fields[1]!.values).toEqual(spec.buckets.map(() => 0));
  });
});

describe('frames of grouped rows', () => {
  const grouped = (groupBy: string[]) =>
    parseQueryRequest(
      { from: '2026-01-04T18:30:00Z', to: '2026-01-04T21:30:00Z', interval: '1h', metric: 'calls', groupBy },
      'Asia/Kolkata',
    );

  it('make one series per label set, in label order, whether grouped by one dimension or more', () => {
    const byTeam = buildFrame(
      grouped(['team']),
      [
        { b: 1, g0: 'B', calls: 2 },
        { b: 1, g0: 'A', calls: 1 },
        { b: 3, g0: 'B', calls: 5 },
      ],
      [],
    );
    expect(byTeam.fields.slice(1).map((f) => [f.labels, f.values])).toEqual([
      [{ team: 'A' }, [1, 0, 0]],
      [{ team: 'B' }, [2, 0, 5]],
    ]);
    const byTeamAndRegion = buildFrame(
      grouped(['team', 'region']),
      [
        { b: 2, g0: 'A', g1: 'KA', calls: 3 },
        { b: 2, g0: 'A', g1: 'MH', calls: 4 },
      ],
      [],
    );
    expect(byTeamAndRegion.fields.slice(1).map((f) => [f.labels, f.values])).toEqual([
      [{ team: 'A', region: 'KA' }, [0, 3, 0]],
      [{ team: 'A', region: 'MH' }, [0, 4, 0]],
    ]);
  });

  it('put rows without the label and rows labelled (none) in one series', () => {
    const frame = buildFrame(
      grouped(['team']),
      [
        { b: 1, g0: null, calls: 1 },
        { b: 2, g0: '(none)', calls: 2 },
      ],
      [],
    );
    expect(frame.fields.slice(1).map((f) => [f.labels, f.values])).toEqual([[{ team: '(none)' }, [1, 2, 0]]]);
  });
});
