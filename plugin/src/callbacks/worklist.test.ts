import type { OpenCallback } from '@exowatch/contract';
import { worklistFrame, worklistSelection } from './worklist';

const callback = (over: Partial<OpenCallback>): OpenCallback => ({
  callSid: 'c1',
  missedAt: Date.parse('2026-03-02T10:00:00Z'),
  team: 'sales',
  exophone: '+918045678900',
  customer: '••••1234',
  waitedSeconds: 600,
  windowEndsAt: Date.parse('2026-03-02T12:00:00Z'),
  ...over,
});

const OPEN = [
  callback({ callSid: 'late', missedAt: Date.parse('2026-03-02T11:00:00Z'), waitedSeconds: 60 }),
  callback({ callSid: 'early', team: 'support', customer: '••••9876', waitedSeconds: 3660 }),
  callback({ callSid: 'noteam', team: null, exophone: null, missedAt: Date.parse('2026-03-02T09:00:00Z') }),
];

describe('worklistSelection', () => {
  it('keeps the query’s filters and the dashboard’s ad hoc filters on team and ExoPhone', () => {
    const selection = worklistSelection(
      [{ key: 'team', op: 'in', values: ['sales', 'support'] }],
      [
        { key: 'exophone', op: 'not_in', values: ['+912212345678'] },
        { key: 'region', op: 'in', values: ['KA'] },
      ]
    );
    expect(selection).toEqual({
      filters: [
        { key: 'team', op: 'in', values: ['sales', 'support'] },
        { key: 'exophone', op: 'not_in', values: ['+912212345678'] },
      ],
      ignored: ['region'],
    });
  });

  it('refuses a query filter on a column the worklist does not have', () => {
    expect(() => worklistSelection([{ key: 'region', op: 'in', values: ['KA'] }])).toThrow(
      'the callback worklist filters by team and exophone only, not by "region"'
    );
  });
});

describe('worklistFrame', () => {
  it('lists the open callbacks longest waiting first, the customer as the collector sent it', () => {
    const frame = worklistFrame('W', OPEN, { filters: [], ignored: [] });
    const column = (name: string) => frame.fields.find((f) => f.name === name)!.values;
    expect(frame.refId).toBe('W');
    expect(column('Call SID')).toEqual(['noteam', 'early', 'late']);
    expect(column('Team')).toEqual(['', 'support', 'sales']);
    expect(column('Customer')).toEqual(['••••1234', '••••9876', '••••1234']);
    expect(column('Waited')).toEqual([600, 3660, 60]);
    expect(frame.fields.find((f) => f.name === 'Waited')!.config.unit).toBe('s');
    expect(frame.fields.map((f) => f.type)).toEqual(['time', 'string', 'string', 'number', 'string', 'time', 'string']);
  });

  it('keeps only the rows the filters select, and says which ad hoc filters it could not apply', () => {
    const frame = worklistFrame('W', OPEN, {
      filters: [{ key: 'team', op: 'in', values: ['sales'] }],
      ignored: ['region'],
    });
    expect(frame.fields.find((f) => f.name === 'Call SID')!.values).toEqual(['late']);
    expect(frame.meta?.notices).toEqual([
      { severity: 'info', text: 'ad hoc filter on "region" not applied: the worklist has team and ExoPhone only' },
    ]);
    const without = worklistFrame('W', OPEN, {
      filters: [{ key: 'team', op: 'not_in', values: ['sales'] }],
      ignored: [],
    });
    expect(without.fields.find((f) => f.name === 'Call SID')!.values).toEqual(['noteam', 'early']);
  });
});
