import { buildAccountModel } from './account-model';
import { OutageSchedule } from './outages';

const model = buildAccountModel({ seed: 'outages', exophoneCount: 12, teamCount: 3, agentsPerTeam: 4 });
const START = Date.parse('2026-11-01T00:00:00Z');
const MINUTE = 60_000;

describe('OutageSchedule', () => {
  it('gives each ExoPhone occasional outages of 10 to 40 minutes, the same on every run', () => {
    const a = new OutageSchedule(model.seedHash);
    const b = new OutageSchedule(model.seedHash);
    const exophone = model.exophones[0]!;
    const minutesDown: number[] = [];
    let run = 0;
    for (let t = START; t < START + 15 * 86_400_000; t += MINUTE) {
      const down = a.isDown(exophone, 'incoming', t);
      expect(b.isDown(exophone, 'incoming', t)).toBe(down);
      if (down) {
        run++;
      } else if (run > 0) {
        minutesDown.push(run);
        run = 0;
      }
    }
    expect(minutesDown.length).toBeGreaterThan(2);
    for (const length of minutesDown) {
      expect(length).toBeGreaterThanOrEqual(10);
      expect(length).toBeLessThanOrEqual(40);
    }
  });

  it('takes an ExoPhone down on demand until the given time, in one direction only', () => {
    const schedule = new OutageSchedule(model.seedHash);
    const quiet = model.exophones.find(
      (e) => !schedule.isDown(e, 'outgoing', START) && !schedule.isDown(e, 'incoming', START),
    )!;
    schedule.takeDown(quiet.sid, 'outgoing', START + 5 * MINUTE);
    expect(schedule.affected(model.exophones, 'outgoing', START)).toContainEqual(quiet);
    expect(schedule.isDown(quiet, 'incoming', START)).toBe(false);
    expect(schedule.isDown(quiet, 'outgoing', START + 5 * MINUTE)).toBe(false);
  });
});
