import { runInFlight } from './inFlight';

/** Tasks that each wait for the test to release them, recording how many run at once. */
function gatedTasks(count: number) {
  const release: (() => void)[] = [];
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const tasks = Array.from({ length: count }, (_, i) => async () => {
    started.push(i);
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => release.push(resolve));
    running--;
    return i * 10;
  });
  return { tasks, release, started, peak: () => peak };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('runInFlight', () => {
  it('keeps at most the limit in flight and starts the next one as soon as one ends', async () => {
    const g = gatedTasks(8);
    const done = runInFlight(g.tasks, 6);
    await settle();
    expect(g.started).toEqual([0, 1, 2, 3, 4, 5]);
    g.release[2]!();
    await settle();
    expect(g.started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    while (g.release.length < 8) {
      g.release.forEach((r) => r());
      await settle();
    }
    g.release.forEach((r) => r());
    await expect(done).resolves.toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(g.peak()).toBe(6);
  });

  it('runs everything at once when there are fewer tasks than the limit, and nothing for no tasks', async () => {
    const g = gatedTasks(3);
    const done = runInFlight(g.tasks, 6);
    await settle();
    expect(g.started).toEqual([0, 1, 2]);
    g.release.forEach((r) => r());
    await expect(done).resolves.toEqual([0, 10, 20]);
    await expect(runInFlight([], 6)).resolves.toEqual([]);
  });

  it('fails with the first failing task', async () => {
    await expect(
      runInFlight([async () => 1, () => Promise.reject(new Error('boom')), async () => 3], 2),
    ).rejects.toThrow('boom');
  });

  it('refuses a limit below one', async () => {
    await expect(runInFlight([async () => 1], 0)).rejects.toThrow('positive integer');
  });
});
