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
    expect(params.values).toContainEqual(`{${new Date(FROM).toISOString()}}`);
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
    const span = { from: FROM - 24 * HOUR, to: FROM + 3 * HOUR };
    for (const [metric, sums] of Object.entries(aliases))
      for (const source of sources)
        for (const settled of source.dirtySlots === 'all' ? [null] : [null, span]) {
          const built = buildCallbackQuery(spec(metric), sums, source, FROM + 9 * HOUR, settled);
          const used = new Set([...built.text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
          expect([...used].sort((a, b) => a - b)).toEqual(built.values.map((_, i) => i + 1));
          expect(built.text.includes('missed_call_rollup')).toBe(settled !== null);
        }
  });

  it('reads the slots of a span from the rollup and the missed calls around it', () => {
    const span = { from: FROM + HOUR, to: FROM + 3 * HOUR };
    const rate = buildCallbackQuery(
      spec('callback_rate'),
      ['called_back', 'window_ended'],
      { dirtySlots: [FROM], fresh: [] },
      FROM + 9 * HOUR,
      span,
    );
    expect(rate.text).toMatch(
      /\(missed_at >= \$\d+::timestamptz AND missed_at < \$\d+::timestamptz\) OR \(missed_at >= \$\d+::timestamptz AND/,
    );
    expect(rate.text).toContain('slot NOT IN (SELECT unnest(');
    expect(rate.values).toContainEqual(new Date(span.from));
    expect(rate.values).toContainEqual(new Date(span.to));
    const ttc = buildCallbackQuery(
      spec('time_to_callback'),
      ['ttc_p50', 'ttc_p90'],
      { dirtySlots: [], fresh: [] },
      FROM + 9 * HOUR,
      span,
    );
    // Both quantiles from one sort of the group's seconds, picked out in alias order.
    expect(ttc.text).toContain('percentile_disc(ARRAY[0.5, 0.9]::float8[])');
    expect(ttc.text).toMatch(/quantiles\[1\] AS ttc_p50, quantiles\[2\] AS ttc_p90/);
    expect(() =>
      buildCallbackQuery(
        spec('callback_rate'),
        ['called_back'],
        { dirtySlots: 'all', fresh: [] },
        FROM,
        span,
      ),
    ).toThrow('the reference answer reads no stored rows');
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
        metric === 'missed_callbacks_open' ? 'OVER (PARTITION BY g0 ORDER BY b)' : 'GROUP BY b, g0',
      );
    }
    expect(() =>
      buildCallbackQuery(spec('callback_rate'), ['talk_seconds'], { dirtySlots: [], fresh: [] }, FROM),
    ).toThrow('no callback aggregate talk_seconds');
  });
});
