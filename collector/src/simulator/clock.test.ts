import { SimulatorClock } from './clock';

describe('simulator clock', () => {
  it('runs from its start at the given speed, and can be frozen, set and advanced', () => {
    let wall = 1_000;
    const clock = new SimulatorClock({ start: '2025-01-01T00:00:00Z', speed: 60 }, () => wall);
    const start = Date.parse('2025-01-01T00:00:00Z');
    expect(clock.now()).toBe(start);
    wall += 1_000;
    expect(clock.now()).toBe(start + 60_000);
    clock.setSpeed(0);
    wall += 5_000;
    expect(clock.now()).toBe(start + 60_000);
    clock.advance(30_000);
    expect(clock.now()).toBe(start + 90_000);
    clock.set(new Date('2025-02-01T00:00:00Z'));
    wall += 5_000;
    expect(clock.now()).toBe(Date.parse('2025-02-01T00:00:00Z'));
  });

  it('follows real time by default', () => {
    let wall = Date.parse('2025-05-05T05:05:05Z');
    const clock = new SimulatorClock({}, () => wall);
    wall += 1234;
    expect(clock.now()).toBe(Date.parse('2025-05-05T05:05:06.234Z'));
    expect(() => new SimulatorClock({ start: 'soon' })).toThrow(/Not a time/);
  });
});
