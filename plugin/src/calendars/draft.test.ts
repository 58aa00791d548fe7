import type { CalendarInfo } from '@exowatch/contract';
import {
  checkDraft,
  draftOf,
  newDraft,
  normaliseCalendarTarget,
  placeCollectorProblems,
  type CalendarDraft,
} from './draft';

/** The rules of the version in force: a split Monday, an overnight Saturday, a full and a partial holiday. */
const CURRENT_RULES = {
  timeZone: 'Asia/Kolkata',
  week: {
    mon: [
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ],
    sat: [{ from: '22:00', to: '06:00' }],
  },
  holidays: [
    { date: '2026-01-26', name: 'Republic Day' },
    { date: '2026-03-03', from: '13:00', to: '24:00' },
  ],
};

const SUPPORT: CalendarInfo = {
  id: 'support',
  name: 'Support desk',
  versions: [
    {
      timeZone: 'Asia/Kolkata',
      week: { mon: [{ from: '10:00', to: '17:00' }] },
      holidays: [],
      validFrom: null,
      validTo: '2026-02-01T00:00:00.000Z',
    },
    {
      ...CURRENT_RULES,
      validFrom: '2026-02-01T00:00:00.000Z',
      validTo: null,
    },
  ],
  assignments: [
    { target: 'team:support', validFrom: null, validTo: null },
    { target: 'flow:7', validFrom: null, validTo: '2026-01-01T00:00:00.000Z' },
  ],
};

const valid = (over: Partial<CalendarDraft> = {}): CalendarDraft => ({ ...draftOf(SUPPORT), ...over });

describe('draftOf', () => {
  it('edits the version in force now and the targets assigned now', () => {
    const draft = draftOf(SUPPORT);
    expect(draft.week.mon).toEqual([
      { from: '09:00', to: '13:00' },
      { from: '14:00', to: '18:00' },
    ]);
    expect(draft.week.tue).toEqual([]);
    expect(draft.holidays).toEqual([
      { date: '2026-01-26', name: 'Republic Day', from: '', to: '' },
      { date: '2026-03-03', name: '', from: '13:00', to: '24:00' },
    ]);
    expect(draft.targets).toEqual(['team:support']);
    expect(draft.validFrom).toBe('');
  });
});

describe('checkDraft', () => {
  it('turns a valid draft into the PUT body: only open days, partial holidays with both ends, normalised targets', () => {
    const check = checkDraft(
      valid({
        name: ' Support desk ',
        holidays: [
          { date: '2026-01-26', name: ' Republic Day ', from: '', to: '' },
          { date: '2026-03-03', name: '', from: '13:00', to: '' },
        ],
        targets: ['team:support', '080 4567 8900', 'flow:42', 'default', 'team:support'],
        validFrom: '2026-03-01',
      })
    );
    expect(check).toEqual({
      ok: true,
      id: 'support',
      body: {
        name: 'Support desk',
        rules: CURRENT_RULES,
        validFrom: '2026-02-28T18:30:00.000Z',
        assignments: ['team:support', '+918045678900', 'flow:42', 'default'],
      },
    });
  });

  it('leaves validFrom out when no date is given (the collector uses now)', () => {
    const check = checkDraft(valid());
    expect(check.ok && 'validFrom' in check.body).toBe(false);
  });

  it('files every problem under its field', () => {
    const check = checkDraft(
      valid({
        id: 'Support Desk',
        name: ' ',
        timeZone: 'India/Bangalore',
        week: { ...valid().week, tue: [{ from: '9:00', to: '18:00' }], wed: [{ from: '10:00', to: '10:00' }] },
        holidays: [
          { date: '2026-02-30', name: '', from: '', to: '' },
          { date: '2026-04-14', name: '', from: '15:00', to: '12:00' },
        ],
        targets: ['sales', 'team: '],
        validFrom: '01/03/2026',
      })
    );
    expect(check).toEqual({
      ok: false,
      problems: {
        id: ['calendar id "Support Desk": use lower-case letters, digits, - and _'],
        name: ['the name is empty'],
        timeZone: ['unknown time zone "India/Bangalore": use an IANA name such as Asia/Kolkata'],
        tue: ['9:00–18:00: times are HH:MM from 00:00 to 24:00'],
        wed: ['10:00–10:00: an empty range (open all day is 00:00–24:00)'],
        holidays: [
          'holiday "2026-02-30": dates are YYYY-MM-DD',
          'holiday 2026-04-14 15:00–12:00: a part of a day is HH:MM to a later HH:MM',
        ],
        targets: [
          '"sales" is none of team:<value>, an ExoPhone (+91…), flow:<id> or default',
          '"team: " is none of team:<value>, an ExoPhone (+91…), flow:<id> or default',
        ],
        validFrom: ['"01/03/2026" is not a date'],
      },
    });
  });

  it('allows overnight ranges and closing at 24:00, not opening at it', () => {
    const week = { ...valid().week, fri: [{ from: '18:00', to: '02:00' }], sun: [{ from: '00:00', to: '24:00' }] };
    expect(checkDraft(valid({ week })).ok).toBe(true);
    const bad = checkDraft(valid({ week: { ...week, sun: [{ from: '24:00', to: '06:00' }] } }));
    expect(bad.ok ? [] : bad.problems.sun).toEqual(['24:00–06:00: times are HH:MM from 00:00 to 24:00']);
  });

  it('starts a new calendar with office hours and asks for its id and name', () => {
    const check = checkDraft(newDraft());
    expect(check.ok ? {} : Object.keys(check.problems)).toEqual(['id', 'name']);
  });
});

describe('normaliseCalendarTarget', () => {
  it('knows the four kinds of target', () => {
    expect(normaliseCalendarTarget(' team:Night shift ')).toBe('team:Night shift');
    expect(normaliseCalendarTarget('09876543210')).toBe('+919876543210');
    expect(normaliseCalendarTarget('flow:42')).toBe('flow:42');
    expect(normaliseCalendarTarget('default')).toBe('default');
    expect(normaliseCalendarTarget('team:')).toBeNull();
  });
});

describe('placeCollectorProblems', () => {
  it('files the collector’s sentences under the fields they are about', () => {
    expect(
      placeCollectorProblems(
        'mon 09:00–09:00: an empty range (open all day is 00:00–24:00); holiday "2026-13-01": dates are YYYY-MM-DD; Unknown time zone "X": use an IANA name such as Asia/Kolkata; team:sales is already assigned to calendar night from 2026-01-01; validFrom must be an ISO 8601 instant; the database is busy'
      )
    ).toEqual({
      mon: ['mon 09:00–09:00: an empty range (open all day is 00:00–24:00)'],
      holidays: ['holiday "2026-13-01": dates are YYYY-MM-DD'],
      timeZone: ['Unknown time zone "X": use an IANA name such as Asia/Kolkata'],
      targets: ['team:sales is already assigned to calendar night from 2026-01-01'],
      validFrom: ['validFrom must be an ISO 8601 instant'],
      form: ['the database is busy'],
    });
  });
});
