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
