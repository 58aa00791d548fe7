import { createQuerySlots } from './querySlots';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('createQuerySlots', () => {
  it('gives out at most `limit` slots and queues the rest in arrival order', async () => {
    const slots = createQuerySlots(2);
    const order: number[] = [];
    const releases: (() => void)[] = [];
    for (let i = 0; i < 5; i++)
      void slots.acquire().then((release) => {
        order.push(i);
        releases[i] = release;
      });
    await settle();
    expect(order).toEqual([0, 1]);
    expect(slots.counts()).toEqual({ active: 2, waiting: 3 });
    releases[1]!();
    await settle();
    expect(order).toEqual([0, 1, 2]);
    expect(slots.counts()).toEqual({ active: 2, waiting: 2 });
    releases[0]!();
    releases[2]!();
    await settle();
    expect(order).toEqual([0, 1, 2, 3, 4]);
    releases[3]!();
    releases[4]!();
    expect(slots.counts()).toEqual({ active: 0, waiting: 0 });
  });

  it('counts a slot given back twice once', async () => {
    const slots = createQuerySlots(1);
    const release = await slots.acquire();
    const second = slots.acquire();
    release();
    release();
    await second;
    expect(slots.counts()).toEqual({ active: 1, waiting: 0 });
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => createQuerySlots(0)).toThrow('positive integer');
    expect(() => createQuerySlots(1.5)).toThrow('positive integer');
  });
});
