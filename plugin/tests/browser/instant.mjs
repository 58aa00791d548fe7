// Where a dashboard preview's time range ends. The demo collector's data runs up to its own clock, but
// its calls follow office hours: a 6-hour NOC window ending at night has no business-hours calls. So a
// dashboard of call metrics ends at the demo office's last midday (collector/src/runtime/demoCalendars.ts:
// Monday to Saturday 09:00–18:00 Asia/Kolkata, a holiday two days back), the same view whenever the
// test runs. ExoPhone health comes from live heartbeats only (none before the collector started), so a
// dashboard reading health metrics ends at the collector's clock.
const DAY = 86_400_000;
/** Asia/Kolkata is UTC+05:30 all year. */
const KOLKATA_OFFSET = 5.5 * 3_600_000;
const MIDDAY = 13 * 3_600_000;

/** The last 13:00 Asia/Kolkata at or before `now` on a working day of the demo office (not Sunday, not its holiday). */
export function officeMidday(now) {
  const today = Math.floor((now + KOLKATA_OFFSET) / DAY) * DAY;
  const holiday = today - 2 * DAY;
  for (let day = today; ; day -= DAY) {
    const instant = day + MIDDAY - KOLKATA_OFFSET;
    // 1970-01-01 was a Thursday: (days + 4) % 7 is 0 on Sundays.
    const sunday = (day / DAY + 4) % 7 === 0;
    if (instant <= now && !sunday && day !== holiday) {
      return instant;
    }
  }
}

/**
 * @param {{ panels: Array<{ targets?: Array<{ metric?: string }> }> }} dashboard
 * @param {number} collectorNow epoch ms
 * @param {Array<{ name: string, source: string }>} catalogue the collector's metrics (GET /api/v1/metrics)
 */
export function previewInstant(dashboard, collectorNow, catalogue) {
  const health = new Set(catalogue.filter((m) => m.source === 'health').map((m) => m.name));
  const live = dashboard.panels.some((p) => (p.targets ?? []).some((t) => health.has(t.metric)));
  return live ? collectorNow : officeMidday(collectorNow);
}
