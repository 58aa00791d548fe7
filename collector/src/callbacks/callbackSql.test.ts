import type { MissedRow } from './missedRow';
import { WINDOW_CAP_MS } from './match';
import { buildCallbackQuery, missedCallsSql, missedRange, openInstants } from './callbackSql';
import { parseQueryRequest } from '../query/engine';
import { Params } from '../querykit/sql';

const HOUR = 3_600_000;
const FROM = Date.parse('2026-01-05T00:00:00+05:30');
const spec = (metric: string, interval = '1h', hours = 6) =>
  parseQueryRequest(
    { metric, interval, from: FROM, to: FROM + hours * HOUR, groupBy: ['team'] },
    'Asia/Kolkata',
  );

const row: MissedRow = {
  sid: 's1',
  at: FROM + HOUR,
  customer: '+919900000001',
  tags: { team: 'Sales' },
  exophone: '+918040000001',
  flow: null,
  agent: null,
  period: 'business_hours',
  windowEndsAt: FROM + 3 * HOUR,
  calledBackAt: null,
  callbackSeconds: null,
};

describe('callback query building', () => {
  it('counts waiting calls at bucket ends, at now for the bucket holding it, never after now', () => {
    expect(openInstants(spec('missed_callbacks_open'), FROM + 2.5 * HOUR)).toEqual([
      FROM + HOUR,
      FROM + 2 * HOUR,
      FROM + 2.5 * HOUR,
    ]);
    expect(openInstants(spec('missed_callbacks_open'), FROM + 9 * HOUR)).toHaveLength(6);
    expect(openInstants(spec('missed_callbacks_open'), FROM)).toEqual([]);
  });

  it('needs missed calls from a window cap before the first instant for waiting counts only', () => {
    expect(missedRange(spec('callback_rate'), FROM + 9 * HOUR)).toEqual([FROM, FROM + 6 * HOUR]);
    expect(missedRange(spec('missed_callbacks_open'), FROM + 9 * HOUR)).toEqual([
      FROM + HOUR - WINDOW_CAP_MS,
      FROM + 6 * HOUR,
    ]);
  });

  it('reads stored rows outside marked slots, plus the computed rows, as parameters', () => {
    const params = new Params();
    const sql = missedCallsSql({ dirtySlots: [FROM], fresh: [row] }, 'true', params);
    expect(sql).toContain('FROM missed_calls WHERE (true) AND rollup_slot(missed_at) NOT IN');
    expect(sql).toContain('FROM unnest(');
    expect(params.values).toContainEqual(['s1']);
    expect(params.values).toContainEqual([JSON.stringify({ team: 'Sales' })]);
    expect(params.values).toContainEqual([new Date(FROM)]);
    const computedOnly = missedCallsSql({ dirtySlots: 'all', fresh: [] }, 'true', new Params());
    expect(computedOnly).not.toContain('missed_calls');
  });

  it('refers to every parameter it passes, with stored rows or without', () => {
    // PostgreSQL refuses a query with a parameter its text leaves out (it cannot tell its type): the
    // reference answer reads no stored rows, so the stored rows' conditions must add none.
    const sources = [
      { dirtySlots: [], fresh: [] },
      { dirtySlots: [FROM], fresh: [row] },
      { dirtySlots: 'all' as const, fresh: [row] },
    ];
    const aliases: Record<string, string[]> = {
      callback_rate: ['called_back', 'window_ended'],
      time_to_callback: ['ttc_p50', 'ttc_p90'],
      missed_callbacks_open: ['open'],
    };
    for (const [metric, sums] of Object.entries(aliases))
      for (const source of sources) {
        const built = buildCallbackQuery(spec(metric), sums, source, FROM + 9 * HOUR);
        const used = new Set([...built.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
        expect([...used].sort((a, b) => a - b)).toEqual(built.values.map((_, i) => i + 1));
      }
  });

  it('builds each metric over the missed calls, with no user input in the SQL text', () => {
    const aliases: Record<string, string[]> = {
      callback_rate: ['called_back', 'window_ended'],
      time_to_callback: ['ttc_p50', 'ttc_p90'],
      missed_callbacks_open: ['open'],
    };
    for (const [metric, sums] of Object.entries(aliases)) {
      const s = spec(metric);
      s.filters.push({ dimension: { kind: 'tag', key: 'region' }, negate: false, values: ["K'A"] });
      const built = buildCallbackQuery(s, sums, { dirtySlots: [], fresh: [] }, FROM + 9 * HOUR);
      expect(built.text).not.toContain("K'A");
      expect(built.values).toContainEqual(JSON.stringify({ region: "K'A" }));
      // Grouped by bucket and team; the waiting count by team and bucket, through a running sum.
      expect(built.text).toContain(
        metric === 'missed_callbacks_open' ? 'OVER (PARTITION BY g0 ORDER BY b)' : 'GROUP BY 1, 2',
      );
    }
    expect(() =>
      buildCallbackQuery(spec('callback_rate'), ['talk_seconds'], { dirtySlots: [], fresh: [] }, FROM),
    ).toThrow('no callback aggregate talk_seconds');
  });
});
