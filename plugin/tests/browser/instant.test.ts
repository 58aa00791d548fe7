import { officeMidday, previewInstant } from './instant.mjs';

const at = (iso: string) => Date.parse(iso);

describe('officeMidday', () => {
  it('is today’s 13:00 in Kolkata once it has passed', () => {
    // Wednesday 2026-12-09 15:00 IST.
    expect(officeMidday(at('2026-12-09T09:30:00Z'))).toBe(at('2026-12-09T07:30:00Z'));
  });

  it('is the day before’s at night, and skips Sunday and the holiday two days back', () => {
    // Wednesday 05:00 IST: Tuesday is fine.
    expect(officeMidday(at('2026-12-08T23:30:00Z'))).toBe(at('2026-12-08T07:30:00Z'));
    // Tuesday 2026-12-08 10:00 IST: Monday is fine.
    expect(officeMidday(at('2026-12-08T04:30:00Z'))).toBe(at('2026-12-07T07:30:00Z'));
    // Monday 2026-12-07 10:00 IST: Sunday is closed, Saturday the 5th is the demo holiday → Friday.
    expect(officeMidday(at('2026-12-07T04:30:00Z'))).toBe(at('2026-12-04T07:30:00Z'));
  });
});

describe('previewInstant', () => {
  const catalogue = [
    { name: 'calls', source: 'calls' },
    { name: 'uptime', source: 'health' },
  ];
  const now = at('2026-12-08T23:30:00Z');

  it('ends call dashboards at the office’s midday and health dashboards at the collector’s clock', () => {
    expect(previewInstant({ panels: [{ targets: [{ metric: 'calls' }] }] }, now, catalogue)).toBe(
      at('2026-12-08T07:30:00Z')
    );
    expect(previewInstant({ panels: [{}, { targets: [{ metric: 'uptime' }] }] }, now, catalogue)).toBe(now);
  });
});
