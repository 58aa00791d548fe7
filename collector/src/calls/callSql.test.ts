import { parseQueryRequest } from '../query/engine';
import { instantsLiteral } from '../querykit/sql';
import { buildCallQuery, callQueryColumns } from './callSql';

const HOUR = 3_600_000;
const FROM = Date.parse('2026-01-05T00:00:00+05:30');
const spec = (body: Record<string, unknown> = {}) =>
  parseQueryRequest(
    { metric: 'pickup_rate', interval: '1h', from: FROM, to: FROM + 6 * HOUR, groupBy: ['team'], ...body },
    'Asia/Kolkata',
  );
const hours = (...offsets: number[]) => offsets.map((h) => FROM + h * HOUR);

describe('call query building', () => {
  it('picks every hour between the first and the last by the range alone', () => {
    const built = buildCallQuery(
      spec(),
      { days: [], hours: hours(0, 1, 2, 3), raw: [] },
      ['offered'],
      'tags',
    );
    expect(built.text).toContain('FROM call_rollup_tags_hourly WHERE bucket >= $');
    expect(built.text).not.toContain('= ANY(');
    expect(built.values).toContainEqual(new Date(FROM));
    expect(built.values).toContainEqual(new Date(FROM + 3 * HOUR));
  });

  it('lists the hours when the query filters, for the planner to combine the bucket and filter indexes', () => {
    const filtered = spec({ filters: [{ key: 'team', values: ['Sales'] }] });
    const built = buildCallQuery(
      filtered,
      { days: [], hours: hours(0, 1, 2, 3), raw: [] },
      ['offered'],
      'tags',
    );
    expect(built.text).toContain('bucket = ANY(');
  });

  it('lists the hours when some between are not read from the rollup (a marked hour goes raw)', () => {
    const plan = {
      days: [],
      hours: hours(0, 1, 3),
      raw: [[FROM + 2 * HOUR, FROM + 3 * HOUR]] as [number, number][],
    };
    const built = buildCallQuery(spec(), plan, ['offered'], 'tags');
    expect(built.text).toContain('bucket = ANY(');
    expect(built.values).toContainEqual(instantsLiteral(hours(0, 1, 3).map((h) => new Date(h))));
  });

  it('lists days, which are not all as long (a DST change), and minute rows by their hour', () => {
    const days = buildCallQuery(
      spec({ interval: '1d' }),
      { days: [FROM, FROM + 24 * HOUR], hours: [], raw: [] },
      ['offered'],
      'tags',
    );
    expect(days.text).toContain('FROM call_rollup_tags_daily');
    expect(days.text).toContain('bucket = ANY(');
    const minutes = buildCallQuery(
      spec({ interval: '1m' }),
      { days: [], hours: hours(0, 1), raw: [] },
      ['offered'],
      'minute',
    );
    expect(minutes.text).toContain('FROM call_rollup_minute WHERE hour >= $');
    expect(minutes.text).not.toContain('= ANY(');
  });

  it('names its group keys and its bucket and sum columns', () => {
    expect(callQueryColumns(spec({ groupBy: ['team', 'agent'] }), ['offered', 'answered'])).toEqual({
      keys: ['g0', 'g1'],
      columns: ['b', 'offered', 'answered'],
    });
    expect(callQueryColumns(spec({ metric: 'calls', groupBy: ['status', 'team'] }), ['st_busy'])).toEqual({
      keys: ['g0'],
      columns: ['b', 'st_busy'],
    });
    expect(callQueryColumns(spec({ metric: 'incoming_trend', groupBy: [] }), ['offered'])).toEqual({
      keys: [],
      columns: ['dow', 'hod', 'offered'],
    });
  });
});
