import { isCollectorInterval, pickInterval } from './interval';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('pickInterval', () => {
  it('rounds Grafana’s interval up to a collector interval', () => {
    expect(pickInterval('', 20_000, 6 * HOUR)).toBe('1m');
    expect(pickInterval('', 61_000, 6 * HOUR)).toBe('5m');
    expect(pickInterval('', 30 * 60_000, 2 * DAY)).toBe('30m');
    expect(pickInterval('', 20 * HOUR, 90 * DAY)).toBe('1d');
  });

  it('asks for at least hours over ranges longer than the collector keeps minute rollups (48 h)', () => {
    expect(pickInterval('', 21 * 60_000, 7 * DAY)).toBe('1h');
    expect(pickInterval('', 60_000, 48 * HOUR)).toBe('1m');
    expect(pickInterval('', 60_000, 48 * HOUR + 1)).toBe('1h');
    expect(pickInterval('', 3 * HOUR, 7 * DAY)).toBe('3h');
    // Chosen in the editor: kept, even where the collector reads raw calls for it.
    expect(pickInterval('30m', 1000, 7 * DAY)).toBe('30m');
  });

  it('keeps an explicit interval when the range fits', () => {
    expect(pickInterval('1h', 1000, 2 * DAY)).toBe('1h');
    expect(pickInterval('1d', 1000, 2 * DAY)).toBe('1d');
  });

  it('widens an interval that would exceed the bucket limit', () => {
    expect(pickInterval('1m', 1000, 30 * DAY)).toBe('5m');
    expect(pickInterval('', 1000, 365 * DAY)).toBe('1h');
  });

  it('passes the whole-range interval through', () => {
    expect(pickInterval('all', 1000, 365 * DAY)).toBe('all');
  });

  it('rejects intervals the collector does not know', () => {
    expect(() => pickInterval('7m', 1000, DAY)).toThrow('interval "7m" is not one the collector knows');
  });

  it('knows the collector intervals', () => {
    expect(isCollectorInterval('1M')).toBe(true);
    expect(isCollectorInterval('1mo')).toBe(false);
  });
});
