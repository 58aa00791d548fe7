import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Pool } from 'pg';
import {
  ACCOUNT,
  eventually,
  passthruQuery,
  startWebhookApp,
  type RunningWebhookApp,
} from './fixtures/webhookApp';
import { migratedDatabase } from './harness/database';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A deterministic pseudo-random source, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

interface FuzzRequest {
  method: string;
  path: string;
  body?: Buffer | string;
  contentType?: string;
  /** Refused with 413 and the connection closed: the client may see the reset before the answer. */
  oversize?: boolean;
  /** Set for requests that are valid: the CallSid or heartbeat timestamp that must be stored. */
  valid?: { table: 'passthru' | 'status' | 'heartbeat'; id: string };
}

const ROUTES = ['passthru', 'heartbeat', 'status-callback'];

function hostile(rand: () => number, n: number, secret: string): FuzzRequest {
  const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;
  const route = pick(ROUTES);
  const base = `/webhooks/${ACCOUNT.sid}/${secret}/${route}`;
  switch (n % 14) {
    case 0:
      return {
        method: 'POST',
        path: base,
        body: randomBytes(Math.floor(rand() * 4096)),
        contentType: pick([
          'application/json',
          'application/x-www-form-urlencoded',
          'text/plain',
          'image/png',
        ]),
      };
    case 1:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/heartbeat`,
        body: '{"status_type":"WARNING","incoming_affected":["a"',
        contentType: 'application/json',
      };
    case 2:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/heartbeat`,
        body: '['.repeat(100_000) + ']'.repeat(100_000),
        contentType: 'application/json',
      };
    case 3:
      return {
        method: 'GET',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/passthru?CallSid=bad${n}&CallFrom=%00&x=%ED%A0%80`,
      };
    case 4:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/passthru`,
        body: `{"CallSid":"proto${n}","__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}`,
        contentType: 'application/json',
      };
    case 5:
      return {
        method: 'GET',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/passthru?${Array.from({ length: 400 }, (_, i) => `p${i}=${n}`).join('&')}&CallSid=many${n}`,
      };
    case 6:
      return {
        method: 'GET',
        path: `/webhooks/${ACCOUNT.sid}/wrong-${n}/passthru?${passthruQuery(`wrong${n}`)}`,
      };
    case 7:
      return { method: pick(['PUT', 'DELETE', 'PATCH']), path: base, body: 'x' };
    case 8:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/status-callback`,
        body: `CallSid=${'x'.repeat(100)}&Status=${'%FF'.repeat(50)}`,
        contentType: 'application/x-www-form-urlencoded',
      };
    case 9:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/heartbeat`,
        body: JSON.stringify({ status_type: 'WARNING', incoming_affected: [{ nested: true }] }),
        contentType: 'application/json',
      };
    case 10:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/passthru`,
        body: `CallSid=big${n}&pad=${'y'.repeat(70 * 1024)}`,
        contentType: 'application/x-www-form-urlencoded',
        oversize: true,
      };
    case 11:
      return {
        method: 'GET',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/passthru?${passthruQuery(`ok${n}`)}`,
        valid: { table: 'passthru', id: `ok${n}` },
      };
    case 12:
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/status-callback`,
        body: JSON.stringify({ CallSid: `sc${n}`, Status: 'busy', Legs: [{ Status: 'busy' }] }),
        contentType: 'application/json',
        valid: { table: 'status', id: `sc${n}` },
      };
    default: {
      const timestamp = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
      return {
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${secret}/heartbeat`,
        body: JSON.stringify({ timestamp, status_type: 'OK', incoming_affected: null }),
        contentType: 'application/json',
        valid: { table: 'heartbeat', id: timestamp },
      };
    }
  }
}

describe('webhooks under hostile input', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let journalDir: string;
  let app: RunningWebhookApp;
  let port: number;

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    journalDir = mkdtempSync(join(tmpdir(), 'exowatch-fuzz-'));
    app = await startWebhookApp(pool, journalDir);
    port = Number(new URL(app.baseUrl).port);
  });
  afterAll(async () => {
    await app.close();
    await close();
    rmSync(journalDir, { recursive: true, force: true });
  });

  // One connection per request: a refused oversized body closes its connection, and a kept-alive
  // socket racing that close would turn an answer into a client-side reset.
  const agent = new http.Agent({ keepAlive: false, maxSockets: 32 });
  afterAll(() => agent.destroy());

  function send(request: FuzzRequest): Promise<number> {
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: request.method,
          path: request.path,
          agent,
          headers: request.contentType ? { 'content-type': request.contentType } : {},
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(request.body);
    });
  }

  /** Raw TCP abuse: garbage instead of HTTP, and a body cut off before its declared length. */
  function sendRaw(n: number): Promise<void> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        if (n % 2 === 0) socket.end(randomBytes(512));
        else {
          socket.write(
            `POST /webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"status_type":"OK"`,
          );
          setTimeout(() => socket.destroy(), 5);
        }
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
      socket.resume();
    });
  }

  async function round(
    seed: number,
    count: number,
    accepted: FuzzRequest[],
    refusedIds: string[],
  ): Promise<void> {
    const rand = random(seed);
    const requests = Array.from({ length: count }, (_, i) =>
      hostile(rand, seed * 100_000 + i, ACCOUNT.webhookSecret),
    );
    for (let start = 0; start < requests.length; start += 32) {
      const slice = requests.slice(start, start + 32);
      const statuses = await Promise.all([...slice.map(send), sendRaw(start)]);
      slice.forEach((request, i) => {
        const status = statuses[i] as number;
        expect(request.oversize ? [413, 0] : [200, 400, 401, 404, 413, 415, 431]).toContain(status);
        if (request.valid) {
          expect(status).toBe(200);
          accepted.push(request);
        } else if (status === 200) {
          throw new Error(`a hostile request was accepted: ${request.method} ${request.path.slice(0, 120)}`);
        } else {
          const sid = /CallSid=([^&]+)/.exec(request.path)?.[1];
          if (sid) refusedIds.push(sid);
        }
      });
    }
    // A handful of oversized heartbeats (over the 10 MiB limit): refused with 413 before reading them.
    for (let i = 0; i < 3; i++) {
      const status = await send({
        method: 'POST',
        path: `/webhooks/${ACCOUNT.sid}/${ACCOUNT.webhookSecret}/heartbeat`,
        body: Buffer.alloc(11 * 1024 * 1024, 0x20),
        contentType: 'application/json',
      });
      expect([413, 0]).toContain(status);
    }
  }

  it('answers every request with a clear status, stays up with flat memory and stores only valid events', async () => {
    const accepted: FuzzRequest[] = [];
    const refusedIds: string[] = [];
    await round(1, 700, accepted, refusedIds);
    gc();
    const before = process.memoryUsage();
    await round(2, 700, accepted, refusedIds);
    await round(3, 700, accepted, refusedIds);
    gc();
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(32 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(192 * 1024 * 1024);

    // Still serving.
    expect((await fetch(`${app.hooks}/passthru?${passthruQuery('after-fuzz')}`)).status).toBe(200);
    const ids = (table: string) =>
      accepted
        .filter((r) => r.valid?.table === table)
        .map((r) => r.valid!.id)
        .sort();
    const passthru = [...ids('passthru'), 'after-fuzz'].sort();
    await eventually(async () => app.service.depth().events === 0);
    const stored = await pool.query('SELECT call_sid FROM passthru_events ORDER BY call_sid');
    expect(stored.rows.map((r) => r.call_sid)).toEqual(passthru);
    const statuses = await pool.query('SELECT call_sid FROM status_callback_events ORDER BY call_sid');
    expect(statuses.rows.map((r) => r.call_sid)).toEqual(ids('status'));
    const heartbeats = await pool.query("SELECT payload->>'timestamp' AS t FROM heartbeat_events ORDER BY 1");
    expect(heartbeats.rows.map((r) => r.t)).toEqual(ids('heartbeat'));
    expect(refusedIds.length).toBeGreaterThan(100);
    const leaked = await pool.query('SELECT call_sid FROM passthru_events WHERE call_sid = ANY($1)', [
      refusedIds,
    ]);
    expect(leaked.rows).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
