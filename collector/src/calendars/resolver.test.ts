import type { CalendarInfo, CalendarRules } from '@exowatch/contract';
import { assignmentTargets, calendarResolver } from './resolver';

const rules = (timeZone: string): CalendarRules => ({ timeZone, week: {}, holidays: [] });
const version = (r: CalendarRules, validFrom: string | null, validTo: string | null) => ({
  ...r,
  validFrom,
  validTo,
});
const JAN = '2026-01-01T00:00:00.000Z';
const FEB = '2026-02-01T00:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

const calendars: CalendarInfo[] = [
  {
    id: 'office',
    name: 'Office',
    versions: [version(rules('Asia/Kolkata'), JAN, FEB), version(rules('Asia/Dubai'), FEB, null)],
    assignments: [{ target: 'default', validFrom: JAN, validTo: null }],
  },
  {
    id: 'sales',
    name: 'Sales',
    versions: [version(rules('Europe/London'), JAN, null)],
    assignments: [
      { target: 'team:Sales', validFrom: JAN, validTo: null },
      { target: '+918040000001', validFrom: FEB, validTo: null },
    ],
  },
  {
    id: 'ivr',
    name: 'IVR',
    versions: [version(rules('UTC'), JAN, null)],
    assignments: [{ target: 'flow:117', validFrom: JAN, validTo: FEB }],
  },
];

describe('calendar resolver', () => {
  const resolver = calendarResolver(calendars);
  const zone = (team: string | null, flow: string | null, exophone: string | null, when: string) =>
    resolver.rulesFor({ team, flow, exophone, at: at(when) })?.timeZone ?? null;

  it('takes the team calendar, else the flow, else the ExoPhone, else the default', () => {
    expect(zone('Sales', '117', '+918040000009', '2026-01-10T00:00:00Z')).toBe('Europe/London');
    expect(zone('Support', '117', '+918040000009', '2026-01-10T00:00:00Z')).toBe('UTC');
    expect(zone('Support', 'flow:117', null, '2026-01-10T00:00:00Z')).toBe('UTC');
    expect(zone(null, '999', '+918040000001', '2026-02-10T00:00:00Z')).toBe('Europe/London');
    expect(zone(null, null, '+918040000009', '2026-01-10T00:00:00Z')).toBe('Asia/Kolkata');
  });

  it('answers each scope by its own targets when asked about scopes in turn', () => {
    // The resolver keeps the last scope's assignments: one key object moved from scope to scope.
    const key = {
      team: 'Sales' as string | null,
      flow: null,
      exophone: null,
      at: at('2026-01-10T00:00:00Z'),
    };
    const zones = ['Sales', 'Support', 'Sales', null].map((team) => {
      key.team = team;
      return resolver.rulesFor(key)?.timeZone;
    });
    expect(zones).toEqual(['Europe/London', 'Asia/Kolkata', 'Europe/London', 'Asia/Kolkata']);
  });

  it('takes assignments and versions as of the instant', () => {
    // The flow's assignment ended with January; the ExoPhone's began with February.
    expect(zone(null, '117', '+918040000001', '2026-01-31T23:59:59Z')).toBe('UTC');
    expect(zone(null, '117', '+918040000001', '2026-02-01T00:00:00Z')).toBe('Europe/London');
    expect(zone(null, null, '+918040000001', '2026-01-15T00:00:00Z')).toBe('Asia/Kolkata');
    expect(zone(null, null, null, '2026-02-15T00:00:00Z')).toBe('Asia/Dubai');
  });

  it('has no rules before any assignment or version (24×7 business hours)', () => {
    expect(zone('Sales', '117', '+918040000001', '2025-12-31T23:59:59Z')).toBeNull();
    expect(calendarResolver([]).rulesFor({ team: 'Sales', flow: null, exophone: null, at: 0 })).toBeNull();
    const unversioned = calendarResolver([{ ...calendars[1]!, versions: [] }]);
    expect(unversioned.rulesFor({ team: 'Sales', flow: null, exophone: null, at: at(FEB) })).toBeNull();
  });

  it('keys scopes alike exactly when the targets with a calendar are the same', () => {
    type Scope = { team: string | null; flow: string | null; exophone: string | null };
    const scopes: Scope[] = [
      { team: 'Support', flow: null, exophone: null },
      { team: 'Ops', flow: '999', exophone: '+918040000009' },
      { team: 'Sales', flow: null, exophone: null },
      { team: 'Support', flow: '117', exophone: null },
      { team: 'Support', flow: null, exophone: '+918040000001' },
    ];
    const keys = scopes.map((scope) => resolver.scopeKey!(scope));
    expect(new Set(keys).size).toBe(4);
    expect(keys[0]).toBe(keys[1]);
    // Scopes of one key get the same rules at every instant, across versions and assignments.
    const instants = [
      '2025-12-31T00:00:00Z',
      '2026-01-10T00:00:00Z',
      '2026-02-01T00:00:00Z',
      '2026-03-01T00:00:00Z',
    ];
    const rulesOf = (scope: Scope) => instants.map((when) => resolver.rulesFor({ ...scope, at: at(when) }));
    expect(rulesOf(scopes[0]!)).toEqual(rulesOf(scopes[1]!));
    expect(rulesOf(scopes[0]!)).not.toEqual(rulesOf(scopes[2]!));
  });

  it('lists a call’s targets in precedence order', () => {
    expect(assignmentTargets({ team: 'Sales', flow: '117', exophone: '+918040000001' })).toEqual([
      'team:Sales',
      'flow:117',
      '+918040000001',
      'default',
    ]);
    expect(assignmentTargets({ team: null, flow: null, exophone: null })).toEqual(['default']);
  });
});
