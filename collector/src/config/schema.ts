import { z } from 'zod';

/**
 * The collector's configuration: environment variables for the single-account case, a config file
 * (YAML or JSON, `EXOWATCH_CONFIG` / `--config`) for several accounts. See docs/configuration.md.
 */
const EXOTEL_HOSTS = ['api.exotel.com', 'api.in.exotel.com'] as const;

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not an IANA time zone (e.g. Asia/Kolkata)' },
);

export const accountSchema = z
  .object({
    sid: z.string().min(1, 'the Exotel account SID is required'),
    apiKey: z.string().min(1, 'the Exotel API key is required'),
    apiToken: z.string().min(1, 'the Exotel API token is required'),
    subdomain: z
      .enum(EXOTEL_HOSTS, { message: 'must be api.exotel.com (Singapore) or api.in.exotel.com (Mumbai)' })
      .optional(),
    baseUrl: z.url({ message: 'must be a full URL such as https://api.in.exotel.com' }).optional(),
    timeZone: timeZone.default('Asia/Kolkata'),
    requestsPerMinute: z.number().int().min(1).max(10_000).default(200),
    webhookSecret: z.string().min(16, 'use at least 16 characters for a webhook secret').optional(),
  })
  .strict()
  .refine((a) => a.subdomain || a.baseUrl, {
    message: 'set subdomain (api.exotel.com or api.in.exotel.com) or baseUrl',
    path: ['subdomain'],
  });

/**
 * /api/v1 requests served at once by default: a few dashboards' worth of queries runs in parallel
 * while the pool (10) keeps connections for the sync and background refreshes.
 */
export const DEFAULT_QUERY_CONCURRENCY = 4;

export const configSchema = z
  .object({
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    dataDir: z.string().default('.data'),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8090),
        /** Live /api/v1 requests served at once (half as many beyond a day: api/queryLanes.ts); the rest wait. */
        queryConcurrency: z.number().int().min(1).default(DEFAULT_QUERY_CONCURRENCY),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8090, queryConcurrency: DEFAULT_QUERY_CONCURRENCY }),
    accounts: z.array(accountSchema).default([]),
    sync: z
      .object({
        /** Every run also re-reads this many minutes before the checkpoint (late-settling calls). */
        rereadMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(30),
        /** Once an hour the run re-reads this many hours back. */
        fullRereadHours: z
          .number()
          .int()
          .min(1)
          .max(31 * 24)
          .default(24),
        /** First sync of an account with no checkpoint starts this far back (use `backfill` for more). */
        initialLookbackHours: z
          .number()
          .int()
          .min(1)
          .max(31 * 24)
          .default(24),
        /** node-schedule cron expression of the incremental run. */
        schedule: z.string().default('* * * * *'),
      })
      .strict()
      .default({ rereadMinutes: 30, fullRereadHours: 24, initialLookbackHours: 24, schedule: '* * * * *' }),
    timescale: z
      .object({
        compressAfter: z.string().default('7 days'),
        retainFor: z.string().nullable().default(null),
        chunkInterval: z.string().default('7 days'),
      })
      .strict()
      .default({ compressAfter: '7 days', retainFor: null, chunkInterval: '7 days' }),
    webhooks: z
      .object({
        /** The collector's address as Exotel reaches it; the printed webhook URLs start with it. */
        publicUrl: z.url({ message: 'must be a full URL such as https://exowatch.example.com' }).optional(),
        /** The Heartbeat frequency set in Exotel (Notifications Settings); silence for 2× is `unknown`. */
        heartbeatIntervalSeconds: z
          .number()
          .int()
          .min(60)
          .max(24 * 3600)
          .default(300),
        /** When the webhook journal is flushed to disk: none survives a process crash, always a power cut. */
        journalFsync: z.enum(['none', 'interval', 'always']).default('none'),
        /** Webhooks are answered 503 once this many bytes wait in the journal for the database. */
        journalMaxBytes: z
          .number()
          .int()
          .min(1 << 20)
          .default(256 * 1024 * 1024),
      })
      .strict()
      .default({ heartbeatIntervalSeconds: 300, journalFsync: 'none', journalMaxBytes: 256 * 1024 * 1024 }),
    /** Missed-call callbacks: the window, in business minutes of the call's calendar (docs/kpis.md). */
    callbacks: z
      .object({
        windowMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(120),
        /** Team tag value → window minutes. */
        windowMinutesByTeam: z
          .record(
            z.string().min(1).max(200),
            z
              .number()
              .int()
              .min(1)
              .max(7 * 24 * 60),
          )
          .default({}),
      })
      .strict()
      .default({ windowMinutes: 120, windowMinutesByTeam: {} }),
    /**
     * How long personal data is kept (docs/privacy.md "How long"): personal fields of stored payloads,
     * recording links, and customer numbers in clear, which are then replaced by their pseudonym.
     * Numbers stay in clear at least 32 days: a callback is looked for up to 31 days after a missed
     * call, and repeat calls compare the 24 hours before a call.
     */
    privacy: z
      .object({
        rawPayloadDays: z.number().int().min(1).max(3650).default(30),
        recordingUrlDays: z.number().int().min(1).max(3650).default(30),
        numbersInClearDays: z
          .number()
          .int()
          .min(32, 'keep numbers in clear at least 32 days: callbacks look 31 days back')
          .max(3650)
          .default(32),
        /** node-schedule cron of the retention run. */
        schedule: z.string().default('47 2 * * *'),
      })
      .strict()
      .default({ rawPayloadDays: 30, recordingUrlDays: 30, numbersInClearDays: 32, schedule: '47 2 * * *' }),
    tokens: z
      .object({
        api: z.string().min(16).optional(),
        admin: z.string().min(16).optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .refine((c) => new Set(c.accounts.map((a) => a.sid)).size === c.accounts.length, {
    message: 'each account SID may appear only once',
    path: ['accounts'],
  });

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ParsedAccount = z.output<typeof accountSchema>;
