import type { CalendarHolidayImportResult, CalendarInfo, CalendarsResponse } from '@exowatch/contract';
import express, { Router } from 'express';
import type { Pool } from 'pg';
import { actorOf } from '../audit/actor';
import { readHolidayFile, MAX_HOLIDAY_FILE_BYTES } from '../calendars/holidayFile';
import { CalendarError, checkCalendarId, parseCalendarWrite } from '../calendars/input';
import { deleteCalendar, importHolidays, listCalendars, writeCalendar } from '../calendars/store';
import { requireToken } from './auth';
import { jsonHandler } from './handle';
import { jsonBodyErrors } from './tagsRoutes';

export interface CalendarsRouterOptions {
  pool: Pool;
  /** EXOWATCH_ADMIN_TOKEN: needed for writes (reads are covered by the /api/v1 viewer check). */
  adminToken: string;
  now?: () => Date;
}

/** A calendar body with a few thousand holidays still fits. */
const MAX_CALENDAR_BYTES = 512 * 1024;

const handle = jsonHandler('calendars API', [CalendarError]);

/** /api/v1/calendars: list (viewer); create or version, delete, import holidays (admin). docs/api.md "Calendars". */
export function calendarsRouter(options: CalendarsRouterOptions): Router {
  const { pool } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();
  const admin = requireToken(options.adminToken);

  router.get(
    '/api/v1/calendars',
    handle(async (_req, res) => {
      res.json({ calendars: await listCalendars(pool) } satisfies CalendarsResponse);
    }),
  );
  router.put(
    '/api/v1/calendars/:id',
    admin,
    express.json({ limit: MAX_CALENDAR_BYTES }),
    handle(async (req, res) => {
      const at = now();
      const write = parseCalendarWrite(String(req.params.id), req.body, at);
      const { created, calendar } = await writeCalendar(pool, write, at, (written) => ({
        actor: actorOf(req.headers),
        via: 'api',
        action: 'calendar.write',
        subject: written.calendar.id,
        summary: {
          created: written.created,
          name: written.calendar.name,
          versions: written.calendar.versions.length,
        },
      }));
      res.status(created ? 201 : 200).json(calendar satisfies CalendarInfo);
    }),
  );
  router.delete(
    '/api/v1/calendars/:id',
    admin,
    handle(async (req, res) => {
      const id = checkCalendarId(String(req.params.id));
      await deleteCalendar(pool, id, (deleted) => ({
        actor: actorOf(req.headers),
        via: 'api',
        action: 'calendar.delete',
        subject: deleted,
        summary: {},
      }));
      res.json({ deleted: id });
    }),
  );
  router.post(
    '/api/v1/calendars/:id/holidays/import',
    admin,
    // The file itself is the body, whatever its content type says (text/csv, text/calendar, …).
    express.text({ type: () => true, limit: MAX_HOLIDAY_FILE_BYTES }),
    handle(async (req, res) => {
      const id = checkCalendarId(String(req.params.id));
      const body: unknown = req.body;
      if (typeof body !== 'string' || body.trim() === '')
        throw new CalendarError('the body must be a holiday CSV (date,name[,from,to]) or an iCalendar file');
      const file = readHolidayFile(body, req.headers['content-type']);
      if (file.errors.length > 0) {
        res.status(400).json({
          error: `${file.errors.length} problem(s) in the holiday file, nothing was changed: ${file.errors.slice(0, 3).join('; ')}`,
          errors: file.errors,
        });
        return;
      }
      const result = await importHolidays(pool, id, file.holidays, now(), (imported) => ({
        actor: actorOf(req.headers),
        via: 'api',
        action: 'calendar.holiday_import',
        subject: id,
        summary: { added: imported.added },
      }));
      res.json(result satisfies CalendarHolidayImportResult);
    }),
  );
  router.use(jsonBodyErrors);
  return router;
}
