import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { of, throwError, type Observable } from 'rxjs';

import type {
  CalendarHoliday,
  CalendarHolidayImportResult,
  CalendarInfo,
  CalendarWriteBody,
  MetricInfo,
  OpenCallback,
  TagHistoryResponse,
  TagImportChange,
  TagImportPreview,
  TagImportResult,
  TagImportRowError,
  TagListResponse,
  TagRow,
  TagValuesResponse,
} from '@exowatch/contract';
import type { CollectorGetAnswers } from '../api';
import { timeZoneProblem } from '../calendars/zone';
import { normaliseTarget } from '../tags/target';
import { proxiedResponse } from '../../tests/grafanaProxy.mjs';

/**
 * An in-memory collector behind a fake `getBackendSrv().fetch`, for component and data source tests.
 * It answers the data-proxy paths (`<base>/collector/...`, `<base>/admin/...`) like docs/api.md says.
 */
/** The reserved tag keys the fake answers with (the collector's own list is in its tags/target.ts). */
const RESERVED_TAG_KEYS = ['exophone', 'agent', 'flow', 'direction', 'status', 'period'];

export const METRICS: MetricInfo[] = [
  {
    name: 'calls',
    title: 'Calls',
    description: 'All calls (every direction).',
    formula: 'count(calls)',
    unit: 'short',
    source: 'calls',
    groupBy: ['exophone', 'agent', 'flow', 'direction', 'status', '<tag key>'],
  },
  {
    name: 'pickup_rate',
    title: 'Pickup rate',
    description: 'Share of offered calls that an agent answered.',
    formula: 'answered ÷ offered',
    unit: 'percentunit',
    source: 'calls',
    groupBy: ['exophone', 'agent', 'flow', 'direction', 'period', '<tag key>'],
  },
  {
    name: 'uptime',
    title: 'ExoPhone uptime',
    description: 'Per ExoPhone and direction.',
    formula: 'healthy ÷ observed',
    unit: 'percentunit',
    source: 'health',
    groupBy: ['exophone', 'direction', '<tag key>'],
  },
];

export interface FakeCollector {
  fetch: jest.Mock<Observable<FetchResponse<unknown>>, [BackendSrvRequest]>;
  tags: TagRow[];
  calendars: CalendarInfo[];
  /** Open callbacks with the customers' full numbers; the viewer route masks them like the collector. */
  callbacks: OpenCallback[];
  /** Paths the next requests fail on, with the status and body to fail with. */
  /**
   * Answers the collector gives instead of the usual one, by path or by "<route> <path>" (the browser
   * gets them through the data proxy).
   */
  failures: Map<string, { status: number; data: unknown }>;
}

const response = <T>(data: T, status = 200): Observable<FetchResponse<T>> =>
  of({
    data,
    status,
    statusText: 'OK',
    ok: true,
    headers: new Headers(),
    redirected: false,
    type: 'basic',
    url: '',
    config: { url: '' },
  });

/** The fake's answers on the collector's GET paths without parameters, through either route. */
const FIXED_GETS: {
  [P in keyof CollectorGetAnswers]: (state: FakeCollector, route: string) => CollectorGetAnswers[P];
} = {
  '/api/v1/health': () => ({ status: 'ok', version: '0.1.0', database: { ok: true }, accounts: [] }),
  '/api/v1/metrics': () => ({ metrics: METRICS }),
  '/api/v1/exophones': () => ({ exophones: [{ number: '+918045678900', name: 'Support line', region: 'KA' }] }),
  '/api/v1/agents': () => ({ agents: ['+919876543210'] }),
  '/api/v1/flows': () => ({ flows: ['42'] }),
  '/api/v1/tags/keys': (state) => ({
    keys: [...new Set(state.tags.map((t) => t.key))].map((key) => ({ key, targets: 1, values: 1 })),
    reserved: RESERVED_TAG_KEYS,
  }),
  '/api/v1/calendars': (state) => ({ calendars: state.calendars }),
  // The viewer route masks the customers' numbers, like the collector.
  '/api/v1/callbacks/open': (state, route) => ({
    callbacks: state.callbacks.map((c) => (route === 'admin' ? c : { ...c, customer: `••••${c.customer.slice(-4)}` })),
  }),
};

const isFixedGet = (path: string): path is keyof CollectorGetAnswers => Object.hasOwn(FIXED_GETS, path);

export function fakeCollector(base = '/api/datasources/proxy/uid/ds1'): FakeCollector {
  const state: FakeCollector = {
    tags: [
      {
        target: '+918045678900',
        key: 'team',
        value: 'support',
        validFrom: '2026-01-01T00:00:00.000Z',
        validTo: null,
        source: 'manual',
      },
      {
        target: '+918045678900',
        key: 'region',
        value: 'KA',
        validFrom: '2025-01-01T00:00:00.000Z',
        validTo: null,
        source: 'exophone_list',
      },
    ],
    calendars: [
      {
        id: 'support',
        name: 'Support desk',
        versions: [
          {
            timeZone: 'Asia/Kolkata',
            week: {
              mon: [
                { from: '09:00', to: '13:00' },
                { from: '14:00', to: '18:00' },
              ],
              fri: [{ from: '09:00', to: '18:00' }],
            },
            holidays: [{ date: '2026-01-26', name: 'Republic Day' }],
            validFrom: '2026-01-01T00:00:00.000Z',
            validTo: null,
          },
        ],
        assignments: [{ target: 'team:support', validFrom: '2026-01-01T00:00:00.000Z', validTo: null }],
      },
    ],
    callbacks: [
      {
        callSid: 'missed-1',
        missedAt: Date.parse('2026-03-02T04:30:00Z'),
        team: 'support',
        exophone: '+918045678900',
        customer: '+919812345678',
        waitedSeconds: 2_700,
        windowEndsAt: Date.parse('2026-03-02T06:30:00Z'),
      },
      {
        callSid: 'missed-2',
        missedAt: Date.parse('2026-03-02T05:00:00Z'),
        team: 'sales',
        exophone: '+918045678900',
        customer: '+919800001111',
        waitedSeconds: 900,
        windowEndsAt: Date.parse('2026-03-02T07:00:00Z'),
      },
    ],
    failures: new Map(),
    fetch: jest.fn(),
  };
  state.fetch.mockImplementation((req: BackendSrvRequest) => {
    const url = new URL(req.url, 'http://grafana');
    if (!url.pathname.startsWith(`${base}/`)) {
      return throwError(() => ({ status: 404, data: { message: 'unknown data source' } }));
    }
    const [route, ...rest] = url.pathname.slice(base.length + 1).split('/');
    const path = `/${rest.join('/')}`;
    const failure = state.failures.get(`${route} ${path}`) ?? state.failures.get(path);
    if (failure) {
      // As the browser sees it: through Grafana's data proxy, which rewrites a 401.
      const { status, body } = proxiedResponse(failure.status, failure.data);
      return throwError(() => ({ status, data: body }));
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && route !== 'admin') {
      return throwError(() => ({ status: 403, data: { error: 'token not accepted for this endpoint' } }));
    }
    if (method === 'GET' && isFixedGet(path)) {
      return response(FIXED_GETS[path](state, route));
    }
    const target = decodeURIComponent(rest[4] ?? '');
    if (path.startsWith('/api/v1/calendars')) {
      return calendarRoutes(state, method, rest.slice(3).map(decodeURIComponent), req.data);
    }
    switch (true) {
      case path.startsWith('/api/v1/tags/keys/'):
        return response<TagValuesResponse>({
          values: state.tags.filter((t) => t.key === rest[4]).map((t) => ({ value: t.value, targetsNow: 1 })),
        });
      case path === '/api/v1/tags':
        return response<TagListResponse>({ total: state.tags.length, items: state.tags });
      case path.endsWith('/history'):
        return response<TagHistoryResponse>({ target, history: state.tags.filter((t) => t.target === target) });
      case path === '/api/v1/tags/import': {
        // Simple CSV (no quoting, valid_from ignored: rows take effect now), checked and diffed like the collector.
        const { csv, dryRun } = req.data as { csv: string; dryRun: boolean };
        const lines = csv
          .split('\n')
          .filter((l) => l.trim() !== '')
          .slice(1);
        const errors: TagImportRowError[] = [];
        const changes: TagImportChange[] = [];
        lines.forEach((line, i) => {
          const [raw, key, value] = line.split(',');
          const t = normaliseTarget(raw);
          if (t === null) {
            errors.push({ row: i + 2, error: `target "${raw}" is neither a phone number nor flow:<flow_id>` });
            return;
          }
          const previous = state.tags.find((x) => x.target === t && x.key === key && x.source === 'manual')?.value;
          const action = previous === undefined ? 'add' : previous === value ? 'unchanged' : 'change';
          const validFrom = new Date().toISOString();
          changes.push({ row: i + 2, target: t, key, previous: previous ?? null, value, validFrom, action });
        });
        if (errors.length > 0) {
          const error = `${errors.length} invalid row(s) of ${lines.length}: nothing was written`;
          return throwError(() => ({ status: 400, data: { error, errors } }));
        }
        if (dryRun) {
          return response<TagImportPreview>({ dryRun: true, rows: lines.length, changes });
        }
        const written = changes.filter((c) => c.action !== 'unchanged');
        for (const c of written) {
          state.tags = state.tags.filter((x) => !(x.target === c.target && x.key === c.key));
          const { target: t, key, value, validFrom } = c;
          state.tags.push({ target: t, key, value, validFrom, validTo: null, source: 'manual' });
        }
        return response<TagImportResult>({ dryRun: false, rows: lines.length, written: written.length });
      }
      case method === 'PUT': {
        const { value, validFrom } = req.data as { value: string; validFrom?: string };
        const key = decodeURIComponent(rest[5]);
        state.tags = state.tags.filter((t) => !(t.target === target && t.key === key));
        state.tags.push({
          target,
          key,
          value,
          validFrom: validFrom ?? new Date().toISOString(),
          validTo: null,
          source: 'manual',
        });
        return response({ changed: true }, 201);
      }
      case method === 'DELETE': {
        const key = decodeURIComponent(rest[5]);
        state.tags = state.tags.filter((t) => !(t.target === target && t.key === key));
        return response({ closed: true });
      }
      default:
        return throwError(() => ({ status: 404, data: { error: 'not found' } }));
    }
  });
  return state;
}

const notFound = (what: string) => throwError(() => ({ status: 404, data: { error: `${what} not found` } }));
const badRequest = (error: string) => throwError(() => ({ status: 400, data: { error } }));

/**
 * Holidays of an import body: iCalendar (one all-day VEVENT each) or CSV `date,name[,from,to]` with an
 * optional header; the first bad row refuses the whole file.
 */
function parseHolidays(text: string): CalendarHoliday[] | string {
  if (/^\s*BEGIN:VCALENDAR/.test(text)) {
    return [...text.matchAll(/BEGIN:VEVENT([\s\S]*?)END:VEVENT/g)].map(([, event]) => {
      const date = /DTSTART[^:]*:(\d{4})(\d{2})(\d{2})/.exec(event)!;
      const name = /SUMMARY:(.*)/.exec(event)?.[1]?.trim();
      return { date: `${date[1]}-${date[2]}-${date[3]}`, ...(name ? { name } : {}) };
    });
  }
  const holidays: CalendarHoliday[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, line] of lines.entries()) {
    const [date, name, from, to] = line.split(',').map((c) => c.trim());
    if (line.trim() === '' || (i === 0 && date === 'date')) {
      continue;
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      return `row ${i + 1}: "${date}" is not a date (YYYY-MM-DD)`;
    }
    holidays.push({ date, ...(name ? { name } : {}), ...(from || to ? { from, to } : {}) });
  }
  return holidays;
}

/** PUT/DELETE /api/v1/calendars/:id and POST /api/v1/calendars/:id/holidays/import. */
function calendarRoutes(state: FakeCollector, method: string, [id, ...sub]: string[], data: unknown) {
  const calendar = state.calendars.find((c) => c.id === id);
  const now = new Date().toISOString();
  if (method === 'DELETE') {
    if (!calendar) {
      return notFound(`calendar ${id}`);
    }
    state.calendars = state.calendars.filter((c) => c !== calendar);
    return response({ deleted: true });
  }
  if (method === 'POST' && sub.join('/') === 'holidays/import') {
    if (!calendar) {
      return notFound(`calendar ${id}`);
    }
    const holidays = parseHolidays(String(data));
    if (typeof holidays === 'string') {
      return badRequest(holidays);
    }
    const current = calendar.versions[calendar.versions.length - 1];
    const added = holidays.filter((h) => !current.holidays.some((x) => x.date === h.date));
    current.holidays.push(...added);
    return response<CalendarHolidayImportResult>({ added: added.length, holidays: current.holidays });
  }
  if (method === 'PUT' && id !== undefined) {
    const body = data as CalendarWriteBody;
    const problem = timeZoneProblem(body.rules.timeZone);
    if (problem) {
      return badRequest(problem);
    }
    const validFrom = body.validFrom ?? now;
    const next: CalendarInfo = calendar ?? { id, name: body.name, versions: [], assignments: [] };
    next.name = body.name;
    next.versions.forEach((v) => (v.validTo = v.validTo ?? validFrom));
    next.versions.push({ ...body.rules, validFrom, validTo: null });
    const keep = body.assignments ?? next.assignments.filter((a) => a.validTo === null).map((a) => a.target);
    next.assignments.forEach((a) => (a.validTo = a.validTo ?? (keep.includes(a.target) ? null : validFrom)));
    for (const target of keep.filter((t) => !next.assignments.some((a) => a.target === t && a.validTo === null))) {
      next.assignments.push({ target, validFrom, validTo: null });
    }
    state.calendars = [...state.calendars.filter((c) => c.id !== id), next];
    return response(next, calendar ? 200 : 201);
  }
  return notFound(`calendar route ${method} ${id ?? ''}`);
}
