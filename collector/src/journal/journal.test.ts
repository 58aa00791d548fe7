import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Journal, JournalFullError, type JournalBatch } from './journal';

describe('Journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'exowatch-journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const record = (i: number) => Buffer.from(JSON.stringify({ i, pad: 'x'.repeat(100) }));
  const ids = (batch: JournalBatch | null) =>
    (batch?.records ?? []).map((r) => (JSON.parse(r.toString()) as { i: number }).i);

  async function drain(journal: Journal): Promise<number[]> {
    const seen: number[] = [];
    for (
      let batch = await journal.readBatch(7, 1 << 20);
      batch;
      batch = await journal.readBatch(7, 1 << 20)
    ) {
      seen.push(...ids(batch));
      await journal.commit(batch);
    }
    return seen;
  }

  it('reads back concurrent appends in order across segments and deletes committed segments', async () => {
    const journal = await Journal.open({ dir, segmentBytes: 1000 });
    for (let group = 0; group < 5; group++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => journal.append(record(group * 10 + i))));
    }
    expect(readdirSync(dir).length).toBeGreaterThan(1);
    expect(journal.depth().events).toBe(50);
    expect(await drain(journal)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(journal.depth()).toEqual({ events: 0, bytes: 0 });
    expect(readdirSync(dir).length).toBeLessThanOrEqual(1);
    await journal.close();
  });

  it('seals a segment once it is old, so committed records leave the disk without more traffic', async () => {
    const journal = await Journal.open({ dir, segmentMaxAgeMs: 50 });
    await journal.append(record(1));
    expect(await drain(journal)).toEqual([1]);
    // Committed, but still in the active segment.
    expect(readdirSync(dir)).toHaveLength(1);
    await journal.waitForData(2_000);
    expect(await drain(journal)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    await journal.append(record(2));
    expect(await drain(journal)).toEqual([2]);
    await journal.close();
  });

  it('replays uncommitted records after a restart, but not committed ones', async () => {
    const first = await Journal.open({ dir, segmentBytes: 1000, fsync: 'always' });
    for (let i = 0; i < 20; i++) await first.append(record(i));
    const batch = await first.readBatch(5, 1 << 20);
    await first.commit(batch!);
    await first.close();
    const second = await Journal.open({ dir });
    expect(second.depth().events).toBeGreaterThanOrEqual(15);
    const replayed = await drain(second);
    expect(replayed.slice(-15)).toEqual(Array.from({ length: 15 }, (_, i) => i + 5));
    await second.append(record(99));
    expect(ids(await second.readBatch(10, 1 << 20))).toEqual([99]);
    await second.close();
  });

  it('ignores a torn record at the end of a segment left by a crash', async () => {
    const first = await Journal.open({ dir });
    await first.append(record(1));
    await first.close();
    const [segment] = readdirSync(dir);
    appendFileSync(join(dir, segment!), Buffer.from([200, 0, 0, 0, 1, 2]));
    const second = await Journal.open({ dir });
    expect(await drain(second)).toEqual([1]);
    await second.close();
  });

  it('refuses appends beyond maxBytes of uncommitted records, and accepts again once committed', async () => {
    const journal = await Journal.open({ dir, maxBytes: 400 });
    await journal.append(record(1));
    await journal.append(record(2));
    await journal.append(record(3));
    await expect(journal.append(record(4))).rejects.toBeInstanceOf(JournalFullError);
    await drain(journal);
    await expect(journal.append(record(5))).resolves.toBeUndefined();
    await journal.close();
  });
});
