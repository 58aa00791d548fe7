import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Pool } from 'pg';
import { ExotelClient, RateLimiter } from '../src/exotel';
import { runIncrementalSync } from '../src/sync/incremental';
import { migratedDatabase } from './harness/database';
import {
  CD2_CALL,
  PUBLISHED_SETTLED,
  PUBLISHED_UNSETTLED,
  V1_BULK_ENTRY,
  V1_CALL_DETAILS,
} from './fixtures/documentedCalls';

/**
 * Exotel's own Call examples, transcribed field by field, served by a fixture server shaped like the
 * documented bulk listing and read by the real sync into PostgreSQL: every documented field lands in
 * the column docs/schema.md gives it (or in `raw`).
 */

const ACCOUNT = 'acme';
const CALLS_PATH = `/v1/Accounts/${ACCOUNT}/Calls.json`;
const NOW = new Date('2026-03-02T06:00:00Z');

/**
 * Two pages in the documented envelope (same page of the docs): `Metadata` with a host-relative
 * `NextPageUri` carrying only the cursor, `Calls`; `Details` only on a request with details=true.
 */
function fixtureServer(requests: URL[]): express.Express {
  const app = express();
  app.get(CALLS_PATH, (req, res) => {
    const url = new URL(req.originalUrl, 'http://fixture');
    requests.push(url);
    const secondPage = url.searchParams.get('After') === 'eHl6';
    const calls = secondPage
      ? [PUBLISHED_SETTLED, PUBLISHED_UNSETTLED]
      : [V1_CALL_DETAILS, V1_BULK_ENTRY, CD2_CALL];
    const asked = url.searchParams.get('details') === 'true';
    res.json({
      Metadata: {
        Total: 5,
        PageSize: 3,
        FirstPageUri: `${CALLS_PATH}?PageSize=3`,
        PrevPageUri: secondPage ? `${CALLS_PATH}?Before=YWJj` : null,
        NextPageUri: secondPage ? null : `${CALLS_PATH}?After=eHl6`,
      },
      Calls: calls.map(({ Details, ...call }) => (asked && Details ? { ...call, Details } : call)),
    });
  });
  return app;
}

const ist = (local: string) => new Date(`${local.replace(' ', 'T')}+05:30`);

describe('bulk Call Details contract: the documented examples through the real sync', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let server: Server;
  const requests: URL[] = [];
  const rows = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    server = await new Promise<Server>((resolve) => {
      const listening = fixtureServer(requests).listen(0, '127.0.0.1', () => resolve(listening));
    });
    const client = new ExotelClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      accountSid: ACCOUNT,
      apiKey: 'key',
      apiToken: 'token',
      limiter: new RateLimiter({ requestsPerMinute: 60_000 }),
      maxAttempts: 1,
    });
    const settings = { rereadMinutes: 30, fullRereadHours: 24, initialLookbackHours: 1 };
    const run = await runIncrementalSync(pool, client, { sid: ACCOUNT, timeZone: 'Asia/Kolkata' }, settings, {
      now: () => NOW,
    });
    client.close();
    expect(run).toMatchObject({ outcome: 'synced', received: 5, written: 5, rejected: 0 });
    const { rows: stored } = await pool.query(
      'SELECT c.*, c.uri, c.raw, c.legs, c.to_raw, c.from_raw, c.phone_number_raw, c.recording_url, c.phone_number_sid FROM calls c',
    );
    for (const row of stored) rows.set(row.sid as string, row);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await close();
  });

  it('asks every page for details, the second through the documented NextPageUri', () => {
    expect(requests.map((url) => [url.searchParams.get('After'), url.searchParams.get('details')])).toEqual([
      [null, 'true'],
      ['eHl6', 'true'],
    ]);
  });

  it('stores the single-call example with its Details (developer.exotel.com/docs/voice-v1/api-reference/call-details)', () => {
    expect(rows.get(V1_CALL_DETAILS.Sid)).toMatchObject({
      sid: 'b6cfaf5f5cef3ca0fc937749ef96d245',
      parent_call_sid: null,
      date_created: ist('2017-03-03 10:48:33'),
      date_updated: ist('2017-03-03 10:53:33'),
      account_sid: 'your_sid',
      to_number: null,
      to_raw: '0XXXXX38847',
      from_number: null,
      from_raw: '0XXXXX30240',
      phone_number: null,
      phone_number_raw: '0XXXXXX4890',
      phone_number_sid: '0XXXXXX4890',
      status: 'completed',
      start_time: ist('2017-03-03 10:48:33'),
      end_time: ist('2017-03-03 10:49:50'),
      duration: 17,
      price: '1.5000',
      direction: 'outbound-api',
      answered_by: null,
      recording_url: 'https://s3-ap-southeast-1.amazonaws.com/.../recording.mp3',
      conversation_duration: 8,
      leg1_status: 'completed',
      leg2_status: 'completed',
      legs: [{ Leg: { Id: 1, OnCallDuration: 21 } }, { Leg: { Id: 2, OnCallDuration: 8 } }],
      raw: V1_CALL_DETAILS,
    });
  });

  it('stores the bulk example, which has no AccountSid, under the account it was listed for (same page)', () => {
    expect(rows.get('c5797dcbaaeed7678c4062a4a3ed2f8a')).toMatchObject({
      account_sid: ACCOUNT,
      date_created: ist('2019-12-03 10:48:33'),
      status: 'completed',
      duration: 45,
      price: '1.5000',
      direction: 'outbound-api',
      to_raw: '0XXXXX38847',
      from_raw: '0XXXXX30240',
      recording_url: 'https://...',
      phone_number: null,
      phone_number_sid: null,
      leg2_status: null,
      raw: V1_BULK_ENTRY,
    });
  });

  it('stores numeric Duration and Price and keeps the unmodelled fields in raw (code index 58562267488)', () => {
    expect(rows.get(CD2_CALL.Sid)).toMatchObject({
      to_number: '+919123456789',
      from_number: '+919876543210',
      start_time: ist('2017-03-03 12:30:27'),
      end_time: ist('2017-03-03 12:35:10'),
      duration: 283,
      price: '1.5000',
      uri: '/v1/Accounts/your_sid/Calls.json/80bfbec2d78bbbf10fb851f4fa165211',
      recording_url: 'https://s3-ap-southeast-1.amazonaws.com/...',
      raw: CD2_CALL,
    });
    const raw = rows.get(CD2_CALL.Sid)!.raw as Record<string, unknown>;
    expect(raw.PreSignedRecordingUrl).toBe('https://s3-ap-southeast-1.amazonaws.com/...?X-Amz-...');
    expect(raw).toHaveProperty('ForwardedFrom', null);
    expect(raw).toHaveProperty('CallerName', null);
  });

  it('gives the published responses their ExoPhone from PhoneNumberSid 09513886363 (code index 40057249458, 37654805051)', () => {
    expect(rows.get(PUBLISHED_SETTLED.Sid)).toMatchObject({
      account_sid: 'chaimine1',
      parent_call_sid: null,
      to_number: '+918167443199',
      from_number: '+918167443199',
      phone_number: '+919513886363',
      phone_number_raw: '09513886363',
      phone_number_sid: '09513886363',
      end_time: ist('2024-09-16 15:50:12'),
      duration: 11,
      price: '0.7500',
      answered_by: 'human',
      uri: '/v1/Accounts/chaimine1/Calls/55cd271a8e90cf3f3d9d85e06f56189g',
      recording_url: null,
    });
    expect(rows.get(PUBLISHED_UNSETTLED.Sid)).toMatchObject({
      phone_number: '+919513886363',
      status: 'completed',
      start_time: ist('2025-10-31 15:40:18'),
      end_time: null,
      duration: null,
      price: null,
      date_updated: ist('2025-10-31 15:41:39'),
    });
  });
});
