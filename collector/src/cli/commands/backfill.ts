import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { openDatabase } from '../../runtime/database';
import { createExotelClient } from '../../runtime/exotelClients';
import { runBackfill, type BackfillProgress } from '../../sync/backfill';
import { defaultBackfillEnd, resolveBackfillRange } from '../../sync/backfillRange';
import { configFor, pickAccount, type GlobalOptions } from '../context';
import { parseRangeArgument } from '../dates';

/**
 * A progress bar with ETA on a terminal; a plain line every few seconds otherwise (logs, CI). Both show
 * the request pace, which drops below the budget while Exotel throttles the account.
 */
function progressReporter(pace: () => number): { update(progress: BackfillProgress): void; stop(): void } {
  const rate = () => `${Math.round(pace())}/min`;
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format:
          'backfill |{bar}| {percentage}% | ETA {eta_formatted} | {pages} pages, {calls} calls | {rate} requests',
        stream: process.stderr,
      },
      Presets.shades_classic,
    );
    bar.start(1000, 0, { pages: 0, calls: 0, rate: rate() });
    return {
      update: (p) =>
        bar.update(Math.round(p.fraction * 1000), { pages: p.pages, calls: p.callsWritten, rate: rate() }),
      stop: () => bar.stop(),
    };
  }
  let lastLine = 0;
  const started = Date.now();
  return {
    update(p) {
      if (Date.now() - lastLine < 5000 && p.fraction < 1) return;
      lastLine = Date.now();
      const elapsed = (Date.now() - started) / 1000;
      const eta = p.fraction > 0 ? Math.round((elapsed / p.fraction) * (1 - p.fraction)) : null;
      console.log(
        `backfill ${(p.fraction * 100).toFixed(1)}% window ${Math.min(p.job.windowIndex + 1, p.windows.length)}/${p.windows.length} ` +
          `pages=${p.pages} calls=${p.callsWritten} rate=${rate()}${eta === null ? '' : ` eta=${eta}s`}`,
      );
    },
    stop: () => undefined,
  };
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description(
      'load history (six months back at most, as far as Exotel keeps it); resumable: rerun the same command after a stop',
    )
    .requiredOption(
      '--from <date>',
      'first day (YYYY-MM-DD in the account time zone, or an ISO timestamp with offset); ' +
        'a day older than Exotel keeps starts at the oldest day it still serves',
    )
    .option('--to <date>', 'last day, inclusive (default: today, up to now)')
    .option('--account <sid>', 'account to backfill when several are configured')
    .action(async (options: { from: string; to?: string; account?: string }, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const account = pickAccount(config, options.account);
      const now = new Date();
      // Resolved (and a range Exotel cannot serve refused) before touching the database.
      const { from, to, notice } = resolveBackfillRange(
        {
          from: parseRangeArgument(options.from, account.timeZone, 'from'),
          to: options.to
            ? parseRangeArgument(options.to, account.timeZone, 'to')
            : defaultBackfillEnd(now, account.timeZone),
        },
        now,
        account.timeZone,
      );
      if (notice) console.error(`exowatch: warning: ${notice}`);
      const db = await openDatabase(config);
      const client = createExotelClient(account);
      const reporter = progressReporter(() => client.effectiveRequestsPerMinute);
      try {
        const job = await runBackfill(db.pool, client, account, {
          from,
          to,
          now,
          onProgress: (p) => reporter.update(p),
        });
        reporter.stop();
        console.log(`backfill done: ${job.pagesRead} pages, ${job.callsWritten} calls written`);
      } finally {
        reporter.stop();
        client.close();
        await db.close();
      }
    });
}
