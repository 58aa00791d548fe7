import { canonicalRules, parseAssignmentTarget, parseCalendarWrite, sameRules } from './input';

const NOW = new Date('2026-03-01T00:00:00Z');
const rules = {
  timeZone: 'Asia/Kolkata',
  week: { tue: [{ from: '09:00', to: '18:00' }], mon: [{ from: '09:00', to: '18:00' }], sun: [] },
  holidays: [{ date: '2026-10-02', name: 'Gandhi Jayanti' }, { date: '2026-01-26' }],
};

describe('calendar writes', () => {
  it('normalises a valid write: name, canonical rules, start, targets in E.164', () => {
    const write = parseCalendarWrite(
      'office_1',
      {
        name: '  Office ',
        rules,
        validFrom: '2026-01-01T00:00:00+05:30',
        assignments: ['default', 'team:Sales', '080-4123 4567', '+918041234567', 'flow:117'],
      },
      NOW,
    );
    expect(write).toEqual({
      id: 'office_1',
      name: 'Office',
      at: new Date('2025-12-31T18:30:00Z'),
      rules: {
        timeZone: 'Asia/Kolkata',
        week: { mon: [{ from: '09:00', to: '18:00' }], tue: [{ from: '09:00', to: '18:00' }] },
        holidays: [{ date: '2026-01-26' }, { date: '2026-10-02', name: 'Gandhi Jayanti' }],
      },
      assignments: ['default', 'team:Sales', '+918041234567', 'flow:117'],
    });
    const plain = parseCalendarWrite('x', { name: 'X', rules }, NOW);
    expect(plain.at).toBe(NOW);
    expect(plain).not.toHaveProperty('assignments');
  });

  it('refuses bad input with a message naming the problem', () => {
    const bad = (id: string, body: unknown) => () => parseCalendarWrite(id, body, NOW);
    expect(bad('Office', { name: 'X', rules })).toThrow(/calendar id "Office" must be 1–40 lower-case/);
    expect(bad('x', { rules })).toThrow(/invalid calendar: name/);
    expect(bad('x', { name: 'X', rules, colour: 'red' })).toThrow(/invalid calendar: body: .*colour/);
    expect(bad('x', { name: ' ', rules })).toThrow(/name must be 1–100 characters/);
    expect(
      bad('x', {
        name: 'X',
        rules: { ...rules, timeZone: 'Mars/Base', week: { monday: [{ from: '09:00', to: '18:00' }] } },
      }),
    ).toThrow(/rules: Unknown time zone "Mars\/Base".*; "monday" is not a weekday/);
    expect(bad('x', { name: 'X', rules, validFrom: '2026-01-01' })).toThrow(
      /validFrom: time "2026-01-01" must be ISO 8601/,
    );
    expect(bad('x', { name: 'X', rules, validFrom: '1999-12-31T00:00:00Z' })).toThrow(/year 2000 or later/);
    expect(bad('x', { name: 'X', rules, assignments: ['team:'] })).toThrow(
      /assignment "team:": tag value is empty/,
    );
    expect(bad('x', { name: 'X', rules, assignments: ['sales'] })).toThrow(
      /assignment "sales" is none of team:<team>, an ExoPhone number, flow:<flow_id>, default/,
    );
  });

  it('reads assignment targets like tag targets, plus team:<value> and default', () => {
    expect(parseAssignmentTarget(' team: Support ')).toBe('team:Support');
    expect(parseAssignmentTarget('08041234567')).toBe('+918041234567');
    expect(parseAssignmentTarget('flow:abc_1')).toBe('flow:abc_1');
  });

  it('compares rules in canonical form', () => {
    const reordered = {
      ...rules,
      week: { mon: rules.week.mon, tue: rules.week.tue },
      holidays: [...rules.holidays].reverse(),
    };
    expect(sameRules(rules, reordered)).toBe(true);
    expect(sameRules(rules, { ...rules, holidays: [] })).toBe(false);
    expect(Object.keys(canonicalRules(rules).week)).toEqual(['mon', 'tue']);
  });
});
