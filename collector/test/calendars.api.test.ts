import type { CalendarInfo, CalendarsResponse } from '@exowatch/contract';
import type { Pool } from 'pg';
import { calendarsRouter } from '../src/api/calendarsRoutes';
import { queryRouter } from '../src/api/queryRoutes';
import { listenApi, type TestApi } from './harness/api';
import { migratedDatabase } from './harness/database';

const VIEWER = 'viewer-token-123';
const ADMIN = 'admin-token-456';
const NOW = new Date('2026-03-01T06:30:00Z');

const OFFICE = {
  name: 'Office hours',
  rules: {
    timeZone: 'Asia/Kolkata',
    week: { mon: [{ from: '09:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }] },
    holidays: [{ date: '2026-01-26', name: 'Republic Day' }],
  },
  validFrom: '2026-01-01T00:00:00+05:30',
  assignments: ['default', '080 4000 0001'],
};

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260126',
  'SUMMARY:Republic Day (again)',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'DTSTART;VALUE=DATE:20260303',
  'DTEND;VALUE=DATE:20260305',
  'SUMMARY:Holi',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe('calendars API on real PostgreSQL', () => {
  let close: () => Promise<void>;
  let pool: Pool;
  let api: TestApi;
  const send = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const res = await fetch(api.base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': contentType } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
  };
  const list = async () =>
    ((await send('GET', '/api/v1/calendars', VIEWER)).body as unknown as CalendarsResponse).calendars;
  /** Everything a calendar write touches: the calendar tables and the rollup marks. */
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const [name, sql] of Object.entries({
      calendars: 'SELECT id, name FROM calendars ORDER BY id',
      versions: 'SELECT calendar_id, rules, valid_from, valid_to FROM calendar_versions ORDER BY id',
      assignments: 'SELECT calendar_id, target, valid_from, valid_to FROM calendar_assignments ORDER BY id',
      periods: 'SELECT calendar_id, start_at, end_at, period FROM calendar_periods ORDER BY 1, 2',
      dirty: 'SELECT slot, touched FROM rollup_dirty_slots ORDER BY slot',
    }))
      out[name] = (await pool.query(sql)).rows;
    return out;
  };

  beforeAll(async () => {
    ({ pool, close } = await migratedDatabase());
    // Two calls, so that a calendar write would show in the rollup marks.
    for (const [sid, at] of [
      ['k1', '2026-01-26T10:00:00+05:30'],
      ['k2', '2026-03-03T10:00:00+05:30'],
    ]) {
      await pool.query(
        `INSERT INTO calls (sid, date_created, account_sid, phone_number, direction, status, payload_rest)
         VALUES ($1, $2, 'acme', '+918040000001', 'inbound', 'completed', '{}')`,
        [sid, at],
      );
    }
    await pool.query('DELETE FROM rollup_dirty_slots');
    api = await listenApi(
      [
        calendarsRouter({ pool, adminToken: ADMIN, now: () => NOW }),
        queryRouter({ pool, defaultTimeZone: 'Asia/Kolkata' }),
      ],
      [VIEWER, ADMIN],
    );
  });
  afterAll(async () => {
    await api.close();
    await close();
  });

  it('needs a token to read and the admin token to write; a viewer changes nothing', async () => {
    expect((await send('GET', '/api/v1/calendars', null)).status).toBe(401);
    expect((await send('GET', '/api/v1/calendars', 'nope')).status).toBe(403);
    expect((await send('GET', '/api/v1/calendars', VIEWER)).body).toEqual({ calendars: [] });
    const before = await snapshot();
    expect((await send('PUT', '/api/v1/calendars/office', VIEWER, OFFICE)).status).toBe(403);
    expect((await send('DELETE', '/api/v1/calendars/office', VIEWER)).status).toBe(403);
    expect(
      (
        await send(
          'POST',
          '/api/v1/calendars/office/holidays/import',
          VIEWER,
          'date,name\n2026-05-01,May Day',
          'text/csv',
        )
      ).status,
    ).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('creates a calendar with its targets, and lists it in the contract shape', async () => {
    const created = await send('PUT', '/api/v1/calendars/office', ADMIN, OFFICE);
    expect(created.status).toBe(201);
    const expected: CalendarInfo = {
      id: 'office',
      name: 'Office hours',
      versions: [{ ...OFFICE.rules, validFrom: '2025-12-31T18:30:00.000Z', validTo: null }],
      assignments: [
        { target: '+918040000001', validFrom: '2025-12-31T18:30:00.000Z', validTo: null },
        { target: 'default', validFrom: '2025-12-31T18:30:00.000Z', validTo: null },
      ],
    };
    expect(created.body).toEqual(expected);
    expect(await list()).toEqual([expected]);
    // Both calls are in the re-dated time: their rollup slots are marked.
    expect((await pool.query('SELECT count(*)::int AS n FROM rollup_dirty_slots')).rows[0].n).toBe(2);
    const periods = await pool.query<{ period: string }>(
      `SELECT period FROM calendar_periods WHERE calendar_id = 'office' AND start_at <= $1 AND end_at > $1`,
      ['2026-01-26T10:00:00+05:30'],
    );
    expect(periods.rows).toEqual([{ period: 'holiday' }]);
    // The same body again changes nothing.
    const same = await send('PUT', '/api/v1/calendars/office', ADMIN, OFFICE);
    expect(same.status).toBe(200);
    expect(same.body).toEqual(expected);
  });

  it('starts a new version at validFrom, closing the one in force, and moves a target between calendars', async () => {
    const later = { ...OFFICE.rules, week: { mon: [{ from: '10:00', to: '19:00' }] } };
    const res = await send('PUT', '/api/v1/calendars/office', ADMIN, {
      name: 'Office',
      rules: later,
      validFrom: '2026-02-01T00:00:00Z',
    });
    expect(res.status).toBe(200);
    const office = res.body as unknown as CalendarInfo;
    expect(office.name).toBe('Office');
    expect(office.versions.map((v) => [v.validFrom, v.validTo, v.week])).toEqual([
      ['2025-12-31T18:30:00.000Z', '2026-02-01T00:00:00.000Z', OFFICE.rules.week],
      ['2026-02-01T00:00:00.000Z', null, later.week],
    ]);
    // Without validFrom the version starts now; the ExoPhone moves to the night calendar then.
    const night = await send('PUT', '/api/v1/calendars/night', ADMIN, {
      name: 'Night desk',
      rules: { timeZone: 'Asia/Kolkata', week: { mon: [{ from: '22:00', to: '06:00' }] }, holidays: [] },
      assignments: ['+918040000001'],
    });
    expect(night.status).toBe(201);
    const all = await list();
    const moved = all.find((c) => c.id === 'night')!;
    const kept = all.find((c) => c.id === 'office')!;
    expect(moved.versions[0]!.validFrom).toBe(NOW.toISOString());
    expect(moved.assignments).toEqual([
      { target: '+918040000001', validFrom: NOW.toISOString(), validTo: null },
    ]);
    expect(kept.assignments).toEqual([
      { target: '+918040000001', validFrom: '2025-12-31T18:30:00.000Z', validTo: NOW.toISOString() },
      { target: 'default', validFrom: '2025-12-31T18:30:00.000Z', validTo: null },
    ]);
  });

  it('refuses bad writes with a 400 naming the problem, and changes nothing', async () => {
    const before = await snapshot();
    const put = (id: string, body: unknown) => send('PUT', `/api/v1/calendars/${id}`, ADMIN, body);
    const cases: [string, unknown, RegExp][] = [
      ['Office!', OFFICE, /calendar id "Office!" must be/],
      [
        'office',
        { ...OFFICE, rules: { ...OFFICE.rules, timeZone: 'Nowhere/City' } },
        /Unknown time zone "Nowhere\/City"/,
      ],
      [
        'office',
        { ...OFFICE, rules: { ...OFFICE.rules, week: { mon: [{ from: '18:00', to: '18:00' }] } } },
        /an empty range/,
      ],
      [
        'office',
        { ...OFFICE, rules: { ...OFFICE.rules, holidays: [{ date: '2026-02-30' }] } },
        /dates are YYYY-MM-DD/,
      ],
      ['office', { ...OFFICE, validFrom: 'last monday' }, /validFrom: .*ISO 8601/],
      ['office', { ...OFFICE, assignments: ['Sales'] }, /assignment "Sales" is none of/],
      ['office', { name: 'x' }, /invalid calendar: rules/],
    ];
    for (const [id, body, message] of cases) {
      const res = await put(id, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(message);
    }
    expect((await put('office', '{"name":')).body).toEqual({ error: 'request body is not valid JSON' });
    expect((await send('DELETE', '/api/v1/calendars/nosuch', ADMIN)).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('imports holidays from CSV and iCalendar, keeping the dates it already has', async () => {
    const csv =
      'date,name,from,to\n2026-05-01,May Day,,\n2026-12-24,Christmas Eve,14:00,24:00\n2026-01-26,Duplicate,,\n';
    const res = await send('POST', '/api/v1/calendars/office/holidays/import', ADMIN, csv, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      added: 2,
      holidays: [
        { date: '2026-01-26', name: 'Republic Day' },
        { date: '2026-05-01', name: 'May Day' },
        { date: '2026-12-24', name: 'Christmas Eve', from: '14:00', to: '24:00' },
      ],
    });
    await pool.query('DELETE FROM rollup_dirty_slots');
    const ics = await send('POST', '/api/v1/calendars/office/holidays/import', ADMIN, ICS, 'text/calendar');
    expect(ics.body).toMatchObject({ added: 2 });
    const office = (await list()).find((c) => c.id === 'office')!;
    expect(office.versions[1]!.holidays.map((h) => h.date)).toEqual([
      '2026-01-26',
      '2026-03-03',
      '2026-03-04',
      '2026-05-01',
      '2026-12-24',
    ]);
    // Only the call on the new holiday Holi (3 March) has its slot marked.
    const dirty = await pool.query<{ slot: Date }>('SELECT slot FROM rollup_dirty_slots');
    expect(dirty.rows.map((r) => r.slot.toISOString())).toEqual(['2026-03-03T04:30:00.000Z']);
    const again = await send('POST', '/api/v1/calendars/office/holidays/import', ADMIN, ICS, 'text/calendar');
    expect(again.body).toMatchObject({ added: 0 });
  });

  it('refuses bad holiday files with a 400 naming the problems, and changes nothing', async () => {
    const before = await snapshot();
    const post = (body: string, type = 'text/csv', id = 'office') =>
      send('POST', `/api/v1/calendars/${id}/holidays/import`, ADMIN, body, type);
    const badCsv = await post('date,name\n2026-06-01,Fine\n01-06-2026,Wrong\n');
    expect(badCsv.status).toBe(400);
    expect(badCsv.body).toEqual({
      error:
        '1 problem(s) in the holiday file, nothing was changed: row 3: holiday "01-06-2026": dates are YYYY-MM-DD',
      errors: ['row 3: holiday "01-06-2026": dates are YYYY-MM-DD'],
    });
    const timed = await post(
      ICS.replace('DTSTART;VALUE=DATE:20260303', 'DTSTART:20260303T090000'),
      'text/calendar',
    );
    expect(timed.status).toBe(400);
    expect(timed.body.error).toMatch(/event 2 \(Holi\): DTSTART 20260303T090000 is not a date/);
    expect((await post('')).body.error).toMatch(/the body must be a holiday CSV/);
    expect((await post('day,title\n2026-06-01,x')).body.error).toMatch(/the header must be date,name/);
    expect((await post('date,name\n2026-06-01,x', 'text/csv', 'nosuch')).status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('deletes a calendar with its history; its calls fall to the next calendar in line', async () => {
    await pool.query('DELETE FROM rollup_dirty_slots');
    expect((await send('DELETE', '/api/v1/calendars/night', ADMIN)).body).toEqual({ deleted: 'night' });
    expect((await list()).map((c) => c.id)).toEqual(['office']);
    expect(
      (await pool.query(`SELECT count(*)::int AS n FROM calendar_periods WHERE calendar_id = 'night'`))
        .rows[0].n,
    ).toBe(0);
    // Its only assignment (the ExoPhone, from NOW) held the call of 3 March, not the one of 26 January.
    const dirty = await pool.query<{ slot: Date }>('SELECT slot FROM rollup_dirty_slots');
    expect(dirty.rows.map((r) => r.slot.toISOString())).toEqual(['2026-03-03T04:30:00.000Z']);
  });

  it('kept every change in the audit log, none of the refused ones', async () => {
    const { rows } = await pool.query<{ actor: string; via: string; action: string; subject: string }>(
      'SELECT actor, via, action, subject FROM audit_log ORDER BY id',
    );
    expect(new Set(rows.map((r) => r.action))).toEqual(
      new Set(['calendar.write', 'calendar.holiday_import', 'calendar.delete']),
    );
    expect(rows.every((r) => r.actor === 'admin token (unnamed)' && r.via === 'api')).toBe(true);
    expect(rows.at(-1)).toMatchObject({ action: 'calendar.delete', subject: 'night' });
    expect(new Set(rows.map((r) => r.subject))).toEqual(new Set(['office', 'night']));
  });

  it('lists period among the group-by keys of every call metric, and refuses period as a tag filter on health', async () => {
    const metrics = (await send('GET', '/api/v1/metrics', VIEWER)).body.metrics as {
      source: string;
      groupBy: string[];
    }[];
    for (const m of metrics) expect(m.groupBy.includes('period')).toBe(m.source === 'calls');
    const health = await send('POST', '/api/v1/query', VIEWER, {
      metric: 'uptime',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      interval: '1d',
      groupBy: ['period'],
    });
    expect(health).toEqual({
      status: 400,
      body: { error: 'period does not apply to ExoPhone health metrics' },
    });
    const badValue = await send('POST', '/api/v1/query', VIEWER, {
      metric: 'calls',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-02T00:00:00Z',
      interval: '1d',
      filters: [{ key: 'period', values: ['lunch'] }],
    });
    expect(badValue.body.error).toBe('period must be one of business_hours, after_hours, holiday');
  });
});
