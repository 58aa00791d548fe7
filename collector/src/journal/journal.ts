import { mkdirSync, readdirSync, writeSync } from 'node:fs';
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES } from './frame';

/**
 * When appended records reach the disk itself (not just the OS page cache):
 * - `none`: never forced. A record whose append resolved survives a crash of the process (SIGKILL,
 *   OOM kill) because the kernel holds it; a power loss or kernel panic can lose the last few seconds.
 * - `always`: fdatasync before append resolves, one fdatasync per group of concurrent appends
 *   (group commit). Survives power loss; costs the disk's flush latency on every answer.
 * - `interval`: fdatasync every `fsyncIntervalMs` in the background. A power loss loses at most that
 *   window; a process crash loses nothing.
 */
export type FsyncPolicy = 'none' | 'always' | 'interval';

export interface JournalOptions {
  dir: string;
  /** Bytes appended but not yet committed beyond which append() refuses (JournalFullError). Default 256 MiB. */
  maxBytes?: number;
  /** A segment file is sealed and a new one started past this size. Default 4 MiB. */
  segmentBytes?: number;
  /** Default `none`; see FsyncPolicy. */
  fsync?: FsyncPolicy;
  /** For `interval`. Default 1000. */
  fsyncIntervalMs?: number;
  /** Largest record accepted (and trusted when reading back). Default 16 MiB. */
  maxRecordBytes?: number;
  /**
   * A segment is also sealed once it is this old, so a written record leaves the disk soon after it
   * is committed even when little traffic follows (a customer's erased number must not linger in a
   * half-full segment). Default 60 000.
   */
  segmentMaxAgeMs?: number;
}

export class JournalFullError extends Error {
  override name = 'JournalFullError';
}

export class JournalClosedError extends Error {
  override name = 'JournalClosedError';
}

interface Segment {
  seq: number;
  path: string;
  /** Bytes of whole records in the file; reads never go beyond. */
  size: number;
  records: number;
  sealed: boolean;
  /** Epoch ms at which the segment was started (0 for segments found at open: sealed already). */
  startedAt: number;
}

interface Position {
  seq: number;
  offset: number;
}

export interface JournalBatch {
  records: Buffer[];
  /** Where reading continues once this batch is committed. */
  readonly end: Position;
}

export interface JournalDepth {
  events: number;
  bytes: number;
}

interface PendingAppend {
  frame: Buffer;
  resolve: () => void;
  reject: (error: Error) => void;
}

const SEGMENT_NAME = /^segment-(\d{12})\.log$/;
const segmentName = (seq: number) => `segment-${String(seq).padStart(12, '0')}.log`;

/**
 * A durable append-only log of webhook events in segment files. Events are appended before the
 * webhook is answered, read back in order by the database writer, and a segment is deleted only
 * once every record in it has been committed to the database. Opening the journal finds the
 * segments a previous process left, so their records are read (replayed) first.
 */
export class Journal {
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly fsync: FsyncPolicy;
  private readonly maxRecordBytes: number;
  private readonly segments: Segment[];
  private cursor: Position;
  private pendingEvents: number;
  private active: { segment: Segment; handle: FileHandle } | null = null;
  private queue: PendingAppend[] = [];
  private queuedBytes = 0;
  private flushing: Promise<void> | null = null;
  private dirty = false;
  private closed = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private readonly ageTimer: NodeJS.Timeout;
  private readonly segmentMaxAgeMs: number;
  private dataWaiters: (() => void)[] = [];
  private nextSeq: number;

  private constructor(
    private readonly dir: string,
    options: JournalOptions,
    segments: Segment[],
  ) {
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.segmentBytes = options.segmentBytes ?? 4 * 1024 * 1024;
    this.fsync = options.fsync ?? 'none';
    this.maxRecordBytes = options.maxRecordBytes ?? 16 * 1024 * 1024;
    this.segments = segments;
    this.cursor = { seq: segments[0]?.seq ?? 0, offset: 0 };
    this.pendingEvents = segments.reduce((sum, s) => sum + s.records, 0);
    this.nextSeq = (segments.at(-1)?.seq ?? 0) + 1;
    this.segmentMaxAgeMs = options.segmentMaxAgeMs ?? 60_000;
    this.ageTimer = setInterval(() => void this.sealIfOld(), Math.max(10, this.segmentMaxAgeMs / 4));
    this.ageTimer.unref();
    if (this.fsync === 'interval') {
      this.syncTimer = setInterval(() => void this.syncIfDirty(), options.fsyncIntervalMs ?? 1000);
      this.syncTimer.unref();
    }
  }

  /** Opens (creating when needed) the journal folder; segments left by an earlier process are kept for reading. */
  static async open(options: JournalOptions): Promise<Journal> {
    mkdirSync(options.dir, { recursive: true });
    const maxRecordBytes = options.maxRecordBytes ?? 16 * 1024 * 1024;
    const segments: Segment[] = [];
    const names = readdirSync(options.dir)
      .filter((name) => SEGMENT_NAME.test(name))
      .sort();
    for (const name of names) {
      const path = join(options.dir, name);
      const { size, records } = scanSegment(await readFile(path), maxRecordBytes);
      segments.push({
        seq: Number(SEGMENT_NAME.exec(name)![1]),
        path,
        size,
        records,
        sealed: true,
        startedAt: 0,
      });
    }
    return new Journal(options.dir, options, segments);
  }

  depth(): JournalDepth {
    let bytes = -this.cursor.offset;
    for (const segment of this.segments) if (segment.seq >= this.cursor.seq) bytes += segment.size;
    return { events: this.pendingEvents, bytes: Math.max(0, bytes) + this.queuedBytes };
  }

  /**
   * Resolves once the record is in the file (and on disk, with fsync `always`). Rejects with
   * JournalFullError, without writing, when the uncommitted backlog would pass maxBytes.
   */
  append(payload: Buffer): Promise<void> {
    if (this.closed) return Promise.reject(new JournalClosedError('the journal is closed'));
    if (payload.length > this.maxRecordBytes) {
      return Promise.reject(
        new JournalFullError(`record of ${payload.length} bytes exceeds ${this.maxRecordBytes}`),
      );
    }
    const frame = encodeFrame(payload);
    if (this.depth().bytes + frame.length > this.maxBytes) {
      return Promise.reject(
        new JournalFullError(`journal holds ${this.depth().bytes} uncommitted bytes (max ${this.maxBytes})`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ frame, resolve, reject });
      this.queuedBytes += frame.length;
      this.scheduleFlush();
    });
  }

  /**
   * One flush loop at a time; records queued while it finishes start the next one. The loop starts
   * after the current event-loop turn, so the appends of every request parsed in it share one write.
   */
  private scheduleFlush(): void {
    if (this.flushing) return;
    this.flushing = (async () => {
      try {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.flushQueue();
      } finally {
        this.flushing = null;
        if (this.queue.length > 0) this.scheduleFlush();
      }
    })();
  }

  /** Resolves when a new record has been appended, or after `timeoutMs`. */
  waitForData(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      const waiters = this.dataWaiters;
      function done() {
        clearTimeout(timer);
        const index = waiters.indexOf(done);
        if (index >= 0) waiters.splice(index, 1);
        resolve();
      }
      waiters.push(done);
    });
  }

  /** The next records after the committed position, up to the limits (at least one record when any). */
  async readBatch(maxRecords: number, maxBytes: number): Promise<JournalBatch | null> {
    const segment = this.segments.find((s) => s.seq >= this.cursor.seq);
    if (!segment) return null;
    const start = segment.seq === this.cursor.seq ? this.cursor.offset : 0;
    const records =
      start < segment.size
        ? await readRecords(segment, start, maxRecords, maxBytes, this.maxRecordBytes)
        : null;
    if (records && records.count > 0) {
      return { records: records.payloads, end: { seq: segment.seq, offset: start + records.bytes } };
    }
    // Nothing more in the active segment yet; a sealed one read to its end (or damaged on disk since
    // it was scanned) is done: an empty batch moves the cursor on, and commit() deletes it.
    if (!segment.sealed) return null;
    return { records: [], end: { seq: segment.seq + 1, offset: 0 } };
  }

  /** Marks a batch as stored in the database and deletes every segment that is now fully committed. */
  async commit(batch: JournalBatch): Promise<void> {
    this.cursor = batch.end;
    this.pendingEvents -= batch.records.length;
    while (this.segments.length > 0) {
      const first = this.segments[0]!;
      const consumed = first.seq < this.cursor.seq || (first.sealed && this.cursor.offset >= first.size);
      if (!consumed) break;
      this.segments.shift();
      await unlink(first.path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      if (first.seq === this.cursor.seq) {
        this.cursor = { seq: this.segments[0]?.seq ?? first.seq + 1, offset: 0 };
      }
    }
  }

  /** Writes what is queued, forces it to disk and closes the file; later appends are refused. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.ageTimer);
    if (this.syncTimer) clearInterval(this.syncTimer);
    while (this.flushing) await this.flushing;
    if (this.active) {
      if (this.fsync !== 'none') await this.active.handle.datasync();
      await this.active.handle.close();
      this.active.segment.sealed = true;
      this.active = null;
    }
    for (const wake of [...this.dataWaiters]) wake();
  }

  private async flushQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      const bytes = Buffer.concat(group.map((entry) => entry.frame));
      try {
        const active = await this.activeSegment();
        writeFully(active.handle, bytes, active.segment.size);
        if (this.fsync === 'always') await active.handle.datasync();
        else this.dirty = true;
        active.segment.size += bytes.length;
        active.segment.records += group.length;
        this.pendingEvents += group.length;
        this.queuedBytes -= bytes.length;
        for (const entry of group) entry.resolve();
        for (const wake of [...this.dataWaiters]) wake();
      } catch (error) {
        this.queuedBytes -= bytes.length;
        // The file may hold part of this group past `size`: seal it there and start a clean segment.
        await this.sealActive().catch(() => undefined);
        for (const entry of group) entry.reject(error as Error);
      }
    }
  }

  private async activeSegment(): Promise<{ segment: Segment; handle: FileHandle }> {
    if (this.active && this.active.segment.size >= this.segmentBytes) await this.sealActive();
    if (this.active) return this.active;
    const seq = this.nextSeq++;
    const path = join(this.dir, segmentName(seq));
    const handle = await open(path, 'wx');
    if (this.fsync !== 'none') await syncDirectory(this.dir);
    const segment: Segment = { seq, path, size: 0, records: 0, sealed: false, startedAt: Date.now() };
    this.segments.push(segment);
    if (this.segments.length === 1) this.cursor = { seq, offset: 0 };
    this.active = { segment, handle };
    return this.active;
  }

  private async sealActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = null;
    active.segment.sealed = true;
    if (this.fsync !== 'none') await active.handle.datasync().catch(() => undefined);
    await active.handle.close();
  }

  /**
   * Seals the active segment once it is segmentMaxAgeMs old (never during a flush); the reader then
   * finishes it with an empty batch and commit() deletes it. Readers waiting for data are woken for that.
   */
  private async sealIfOld(): Promise<void> {
    if (this.closed || this.flushing || !this.active) return;
    if (Date.now() - this.active.segment.startedAt < this.segmentMaxAgeMs) return;
    await this.sealActive();
    for (const wake of [...this.dataWaiters]) wake();
  }

  private async syncIfDirty(): Promise<void> {
    if (!this.dirty || !this.active) return;
    this.dirty = false;
    await this.active.handle.datasync().catch(() => (this.dirty = true));
  }
}

/** Counts the whole records at the start of a segment; a torn or corrupt tail ends it. */
function scanSegment(buffer: Buffer, maxRecordBytes: number): { size: number; records: number } {
  let offset = 0;
  let records = 0;
  for (;;) {
    const frame = decodeFrame(buffer, offset, maxRecordBytes);
    if (frame.kind !== 'record') return { size: offset, records };
    offset += frame.bytes;
    records++;
  }
}

async function readRecords(
  segment: Segment,
  start: number,
  maxRecords: number,
  maxBytes: number,
  maxRecordBytes: number,
): Promise<{ payloads: Buffer[]; count: number; bytes: number }> {
  const handle = await open(segment.path, 'r');
  try {
    const available = segment.size - start;
    const header = Buffer.alloc(FRAME_HEADER_BYTES);
    await handle.read(header, 0, FRAME_HEADER_BYTES, start);
    // Read at least the first whole record, even when it alone is larger than maxBytes. Beyond it,
    // read about what maxRecords records of its size take (not the whole backlog up to maxBytes),
    // and more only when the records turn out larger.
    const firstFrame = FRAME_HEADER_BYTES + header.readUInt32LE(0);
    const limit = Math.min(available, Math.max(maxBytes, firstFrame));
    let length = Math.min(limit, Math.max(firstFrame, 64 * 1024, 2 * firstFrame * maxRecords));
    for (;;) {
      const buffer = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buffer, 0, length, start);
      const read = buffer.subarray(0, bytesRead);
      const payloads: Buffer[] = [];
      let offset = 0;
      while (payloads.length < maxRecords) {
        const frame = decodeFrame(read, offset, maxRecordBytes);
        if (frame.kind !== 'record') break;
        payloads.push(frame.payload);
        offset += frame.bytes;
      }
      if (payloads.length === maxRecords || length >= limit || bytesRead < length) {
        return { payloads, count: payloads.length, bytes: offset };
      }
      length = Math.min(limit, length * 2);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Synchronous: a write into the page cache takes microseconds, far less than a round trip through
 * libuv's thread pool and its promise for each group of appends.
 */
function writeFully(handle: FileHandle, bytes: Buffer, position: number): void {
  let written = 0;
  while (written < bytes.length) {
    written += writeSync(handle.fd, bytes, written, bytes.length - written, position + written);
  }
}

/** Makes a new segment's directory entry durable (needed for power-loss safety, not for process crashes). */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
