import type { Pool } from 'pg';
import type { ExotelCall } from '../src/exotel/types';
import { normalisePhone } from '../src/normalise/phone';
import { runQuery } from '../src/query/engine';
import type { Frame } from '../src/engine/frames';
import { SimulatedAccount } from '../src/simulator';
import { groundTruth } from '../src/simulator/ground-truth';
import { resolveOptions } from '../src/simulator/options';
import { migratedDatabase } from './harness/database';
import { storeSimulatedCalls } from './harness/simulatedCalls';

/**
 * Callbacks end to end on the simulator's traffic (Bulk API records only): agents call most missed
 * customers back and some customers call again. The collector's numbers must equal those computed
 * here from the simulator's ground truth, and every follow-up the simulator made in time must show
 * as a callback.
 */
const ZONE = 'Asia/Kolkata';
const DAY1 = new Date('2026-03-02T00:00:00+05:30').getTime();
const DAY3 = new Date('2026-03-04T00:00:00+05:30').getTime();
const HOUR = 3_600_000;
const WINDOW = 2 * HOUR;
const NOW = DAY3 + HOUR;

const e164 = (n: string | null | undefined) => normalisePhone(n ?? null).e164;
const created = (c: ExotelCall) => new Date(`${c.DateCreated.replace(' ', 'T')}+05:30`).getTime();

interface Missed {
  sid: string;
  at: number;
  team: string;
  calledBackAt: number | null;
}

describe('callbacks end to end with the simulator', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  const account = new SimulatedAccount(
    resolveOptions({ seed: 'e2e-callbacks', callsPerDay: 3000, exophones: 8, teams: 3, agentsPerTeam: 5 }),
  );
  const truth = groundTruth(account, () => DAY3 + 24 * HOUR);
  const calls = truth.calls({ from: DAY1, to: DAY3 });
  const teamOf = new Map(
    account.model.exophones.map((x) => [x.e164, account.model.teams[x.teamIndex]!.name]),
  );

  /** The definitions of docs/kpis.md "Callbacks" on the ground truth (no Passthru: Leg2Status decides). */
  const missed: Missed[] = (() => {
    const connections = calls
      .filter((c) =>
        c.Direction === 'inbound' ? c.Details?.Leg2Status === 'completed' : c.Status === 'completed',
      )
      .map((c) => ({ customer: e164(c.Direction === 'inbound' ? c.From : c.To), at: created(c) }));
    return calls
      .filter((c) => c.Direction === 'inbound' && c.Details?.Leg2Status !== 'completed')
      .map((c) => {
        const at = created(c);
        const next = connections
          .filter((k) => k.customer === e164(c.From) && k.at > at)
          .reduce<number | null>((first, k) => (first === null || k.at < first ? k.at : first), null);
        return {
          sid: c.Sid,
          at,
          team: teamOf.get(e164(c.PhoneNumberSid)!)!, // the ExoPhone, as Exotel sends it
          calledBackAt: next !== null && next <= at + WINDOW ? next : null,
        };
      });
  })();

  const query = async (metric: string, interval: string): Promise<Frame> =>
    (
      await runQuery(
        pool,
        { metric, interval, groupBy: ['team'], from: DAY1, to: DAY3, timeZone: ZONE },
        { defaultTimeZone: ZONE, now: () => new Date(NOW) },
      )
    ).frames[0]!;
  const byKey = (frame: Frame, role: string): Map<string, number> => {
    const times = frame.fields[0]!.values as number[];
    const out = new Map<string, number>();
    for (const f of frame.fields.filter((x) => x.config?.custom?.role === role))
      f.values.forEach((v, i) => {
        if (v !== null && v !== 0)
          out.set(`${times[i]}|${Object.values(f.labels ?? {}).join(',')}`, Number(v));
      });
    return out;
  };

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    await storeSimulatedCalls(pool, account, calls, { timeZone: ZONE, taggedAt: new Date(DAY1) });
  });
  afterAll(async () => {
    await close();
  });

  it('holds follow-ups: most missed calls called back, some late or never', () => {
    expect(missed.length).toBeGreaterThan(1000);
    const rate = missed.filter((m) => m.calledBackAt !== null).length / missed.length;
    expect(rate).toBeGreaterThan(0.3);
    expect(rate).toBeLessThan(0.9);
  });

  it('answers callback_rate and time_to_callback per day and team as computed from the truth', async () => {
    const days = [DAY1, DAY1 + 24 * HOUR];
    const ended = new Map<string, number>();
    const back = new Map<string, number>();
    const seconds = new Map<string, number[]>();
    for (const m of missed) {
      const key = `${days.filter((d) => d <= m.at).pop()}|${m.team}`;
      if (m.at + WINDOW <= NOW) {
        ended.set(key, (ended.get(key) ?? 0) + 1);
        if (m.calledBackAt !== null) back.set(key, (back.get(key) ?? 0) + 1);
      }
      if (m.calledBackAt !== null)
        seconds.set(key, [...(seconds.get(key) ?? []), (m.calledBackAt - m.at) / 1000]);
    }
    const rate = await query('callback_rate', '1d');
    expect(byKey(rate, 'denominator')).toEqual(ended);
    expect(byKey(rate, 'numerator')).toEqual(back);
    const quantiles = new Map<string, number>();
    for (const [key, values] of seconds) {
      const sorted = [...values].sort((a, b) => a - b);
      quantiles.set(`${key},0.5`, sorted[Math.ceil(0.5 * sorted.length) - 1]!);
      quantiles.set(`${key},0.9`, sorted[Math.ceil(0.9 * sorted.length) - 1]!);
    }
    expect(byKey(await query('time_to_callback', '1d'), 'value')).toEqual(quantiles);
  });

  it('counts the calls waiting at each hour end as computed from the truth', async () => {
    const want = new Map<string, number>();
    for (let start = DAY1; start < DAY3; start += HOUR) {
      const t = start + HOUR;
      for (const m of missed)
        if (m.at < t && m.at + WINDOW > t && (m.calledBackAt === null || m.calledBackAt > t))
          want.set(`${start}|${m.team}`, (want.get(`${start}|${m.team}`) ?? 0) + 1);
    }
    expect(want.size).toBeGreaterThan(20);
    expect(byKey(await query('missed_callbacks_open', '1h'), 'value')).toEqual(want);
  });

  it('shows every follow-up the simulator made within the window as a callback', async () => {
    const followUps = truth.followUps({ from: DAY1, to: DAY3 });
    const inTime = followUps.filter((f) => {
      const call = account.traffic.findCall(f.sid)!;
      const original = account.traffic.findCall(f.missedSid)!;
      return call.createdMs - original.createdMs <= WINDOW && original.createdMs >= DAY1;
    });
    expect(inTime.length).toBeGreaterThan(300);
    const { rows } = await pool.query<{ sid: string; called_back_at: Date | null }>(
      'SELECT sid, called_back_at FROM missed_calls WHERE sid = ANY($1::text[])',
      [inTime.map((f) => f.missedSid)],
    );
    expect(rows).toHaveLength(new Set(inTime.map((f) => f.missedSid)).size);
    for (const row of rows) expect(row.called_back_at).not.toBeNull();
  });
});
