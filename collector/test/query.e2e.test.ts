import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { createApp } from '../src/api/app';
import { queryRouter } from '../src/api/queryRoutes';
import type { ExotelCall } from '../src/exotel/types';
import { normaliseCalls } from '../src/normalise';
import { normalisePhone } from '../src/normalise/phone';
import type { Frame } from '../src/engine/frames';
import { refreshRollups } from '../src/rollups/rollups';
import { SimulatedAccount } from '../src/simulator';
import { groundTruth } from '../src/simulator/ground-truth';
import { resolveOptions } from '../src/simulator/options';
import { upsertCalls } from '../src/store/calls';
import { applyTagChanges } from '../src/tags/store';
import { migratedDatabase } from './harness/database';

/**
 * The query API end to end on the simulator's traffic (Bulk API records only, no Passthru): the
 * numbers must equal those computed here, independently, from the simulator's ground truth.
 */
const TOKEN = 'viewer';
const ZONE = 'Asia/Kolkata';
const DAY1 = new Date('2026-03-02T00:00:00+05:30');
const DAY2 = new Date('2026-03-03T00:00:00+05:30');
const DAY3 = new Date('2026-03-04T00:00:00+05:30');
const HOUR = 3_600_000;

describe('query API end to end with the simulator', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let server: Server;
  let url: string;
  const account = new SimulatedAccount(
    resolveOptions({ seed: 'e2e-query', callsPerDay: 3000, exophones: 10, teams: 3, agentsPerTeam: 5 }),
  );
  const truth = groundTruth(account, () => DAY3.getTime() + 24 * HOUR);
  let calls: ExotelCall[] = [];
  const teamOfExoPhone = new Map(
    account.model.exophones.map((x) => [x.e164, account.model.teams[x.teamIndex]!.name]),
  );
  const regionOfExoPhone = new Map(account.model.exophones.map((x) => [x.e164, x.region]));
  const e164 = (n: string | null | undefined) => normalisePhone(n ?? null).e164;

  const query = async (body: Record<string, unknown>): Promise<Frame> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone: ZONE, ...body }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { frames: Frame[] }).frames[0]!;
  };
  /** (time|label) → [numerator, denominator] of a ratio frame. */
  const ratios = (frame: Frame, label: string) => {
    const out = new Map<string, [number, number]>();
    const times = frame.fields[0]!.values as number[];
    const nums = frame.fields.filter((f) => f.config?.custom?.role === 'numerator');
    const dens = frame.fields.filter((f) => f.config?.custom?.role === 'denominator');
    nums.forEach((n, i) =>
      times.forEach((t, j) => {
        if (Number(dens[i]!.values[j]) > 0)
          out.set(`${t}|${n.labels?.[label] ?? ''}`, [Number(n.values[j]), Number(dens[i]!.values[j])]);
      }),
    );
    return out;
  };
  const add = (map: Map<string, [number, number]>, key: string, num: number, den: number) => {
    const [n, d] = map.get(key) ?? [0, 0];
    map.set(key, [n + num, d + den]);
  };
  const created = (c: ExotelCall) => new Date(`${c.DateCreated.replace(' ', 'T')}+05:30`).getTime();
  const localHour = (ms: number) => Math.floor((ms + 5.5 * HOUR) / HOUR) * HOUR - 5.5 * HOUR;

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    calls = truth.calls({ from: DAY1, to: DAY3 });
    const { records, rejected } = normaliseCalls(calls, { timeZone: ZONE });
    expect(rejected).toEqual([]);
    for (let i = 0; i < records.length; i += 500) await upsertCalls(pool, records.slice(i, i + 500));
    for (const x of account.model.exophones) {
      await pool.query(
        `INSERT INTO exophones (account_sid, sid, phone_number, region, raw) VALUES ($1, $2, $3, $4, '{}')`,
        [account.accountSid, x.sid, x.e164, x.region],
      );
    }
    await applyTagChanges(
      pool,
      account.model.exophones.map((x) => ({
        target: x.e164,
        key: 'team',
        value: account.model.teams[x.teamIndex]!.name,
        at: new Date('2026-01-01T00:00:00Z'),
      })),
    );
    const app = createApp({
      routers: [queryRouter({ pool, defaultTimeZone: ZONE })],
      metrics: new Registry(),
      readTokens: [TOKEN],
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/query`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await close();
  });

  it('has loaded a realistic day of traffic', () => {
    expect(calls.length).toBeGreaterThan(4000);
  });

  for (const phase of ['raw tables', 'rollups'] as const) {
    describe(`from the ${phase}`, () => {
      beforeAll(async () => {
        if (phase === 'rollups') {
          await refreshRollups(pool, { now: DAY3 });
          expect((await pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n).toBe(0);
          // The minute and agent queries below read these rows in this phase.
          for (const table of ['call_rollup_minute', 'call_rollup_agent_hourly'])
            expect((await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n).toBeGreaterThan(
              0,
            );
        }
      });

      it('hourly pickup rate by team equals the ground truth', async () => {
        const expected = new Map<string, [number, number]>();
        for (const c of calls) {
          const t = created(c);
          if (c.Direction !== 'inbound' || c.Details?.Leg2Status == null || t >= DAY2.getTime()) continue;
          const team = teamOfExoPhone.get(e164(c.PhoneNumberSid)!)!;
          add(expected, `${localHour(t)}|${team}`, c.Details.Leg2Status === 'completed' ? 1 : 0, 1);
        }
        const frame = await query({
          metric: 'pickup_rate',
          interval: '1h',
          groupBy: ['team'],
          from: DAY1.toISOString(),
          to: DAY2.toISOString(),
        });
        expect(ratios(frame, 'team')).toEqual(expected);
      });

      it('daily completion rate per direction, talk-time AHT and IVR-only calls equal the ground truth', async () => {
        const completion = new Map<string, [number, number]>();
        let talk = 0;
        let answered = 0;
        let ivrOnly = 0;
        for (const c of calls) {
          const day = created(c) < DAY2.getTime() ? DAY1.getTime() : DAY2.getTime();
          add(completion, `${day}|${c.Direction}`, c.Status === 'completed' ? 1 : 0, 1);
          if (day !== DAY1.getTime() || c.Direction !== 'inbound') continue;
          if (c.Details?.Leg2Status === 'completed') {
            answered++;
            talk += Number(c.Details.ConversationDuration ?? 0);
          }
          if (c.Details?.Leg2Status == null) ivrOnly++;
        }
        const frame = await query({
          metric: 'completion_rate',
          interval: '1d',
          from: DAY1.toISOString(),
          to: DAY3.toISOString(),
        });
        expect(ratios(frame, 'direction')).toEqual(completion);
        const aht = await query({
          metric: 'avg_talk_time',
          interval: '1d',
          from: DAY1.toISOString(),
          to: DAY2.toISOString(),
        });
        expect(ratios(aht, '')).toEqual(new Map([[`${DAY1.getTime()}|`, [talk, answered]]]));
        const ivr = await query({
          metric: 'ivr_only',
          interval: 'all',
          from: DAY1.toISOString(),
          to: DAY2.toISOString(),
        });
        expect(ivr.fields[1]!.values).toEqual([ivrOnly]);
      });

      it('repeat-caller rate by region equals the ground truth', async () => {
        const inbound = calls
          .filter((c) => c.Direction === 'inbound')
          .map((c) => ({ t: created(c), sid: c.Sid, from: e164(c.From), x: e164(c.PhoneNumberSid)! }));
        const expected = new Map<string, [number, number]>();
        for (const c of inbound) {
          if (c.t >= DAY2.getTime()) continue;
          const repeat =
            c.from !== null &&
            inbound.some(
              (o) =>
                o.from === c.from && (o.t > c.t || (o.t === c.t && o.sid > c.sid)) && o.t <= c.t + 24 * HOUR,
            );
          add(expected, `${DAY1.getTime()}|${regionOfExoPhone.get(c.x)}`, repeat ? 1 : 0, 1);
        }
        const frame = await query({
          metric: 'repeat_caller_rate',
          interval: '1d',
          groupBy: ['region'],
          from: DAY1.toISOString(),
          to: DAY2.toISOString(),
        });
        expect(ratios(frame, 'region')).toEqual(expected);
      });

      it('hourly outbound completion rate by agent, for one team only, equals the ground truth', async () => {
        const team = account.model.teams[0]!.name;
        const expected = new Map<string, [number, number]>();
        for (const c of calls) {
          const t = created(c);
          if (c.Direction !== 'outbound-api' || t >= DAY2.getTime()) continue;
          if (teamOfExoPhone.get(e164(c.PhoneNumberSid)!) !== team) continue;
          add(expected, `${localHour(t)}|${e164(c.From)}`, c.Status === 'completed' ? 1 : 0, 1);
        }
        expect(expected.size).toBeGreaterThan(20);
        const frame = await query({
          metric: 'completion_rate',
          interval: '1h',
          groupBy: ['agent'],
          filters: [
            { key: 'team', values: [team] },
            { key: 'direction', values: ['outbound-api'] },
          ],
          from: DAY1.toISOString(),
          to: DAY2.toISOString(),
        });
        expect(ratios(frame, 'agent')).toEqual(expected);
      });

      it('calls per minute over six hours (a live panel) equal the ground truth', async () => {
        const from = DAY1.getTime() + 10 * HOUR;
        const perMinute = Array<number>(360).fill(0);
        for (const c of calls) {
          const minute = Math.floor((created(c) - from) / 60_000);
          if (minute >= 0 && minute < 360) perMinute[minute]!++;
        }
        const frame = await query({
          metric: 'calls',
          interval: '1m',
          from: new Date(from).toISOString(),
          to: new Date(from + 6 * HOUR).toISOString(),
        });
        expect(frame.fields[1]!.values).toEqual(perMinute);
      });

      it('offered calls by hour of day on the Monday equal the ground truth, for one team only', async () => {
        const team = account.model.teams[1]!.name;
        const perHour = Array<number>(24).fill(0);
        for (const c of calls) {
          const t = created(c);
          if (c.Direction !== 'inbound' || c.Details?.Leg2Status == null || t >= DAY2.getTime()) continue;
          if (teamOfExoPhone.get(e164(c.PhoneNumberSid)!) !== team) continue;
          perHour[Number(c.DateCreated.slice(11, 13))]!++;
        }
        const frame = await query({
          metric: 'incoming_trend',
          interval: 'all',
          filters: [{ key: 'team', values: [team] }],
          from: DAY1.toISOString(),
          to: DAY2.toISOString(),
        });
        const monday = frame.fields.find(
          (f) => f.labels?.weekday === 'Mon' && f.config?.custom?.role === 'value',
        )!;
        expect(monday.values).toEqual(perHour);
      });
    });
  }
});
