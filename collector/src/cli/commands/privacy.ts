import { join } from 'node:path';
import type { Command } from 'commander';
import { cliActor } from '../../audit/actor';
import { eraseNumber, reportNumber, type HeldRows } from '../../privacy/requests';
import { openDatabase } from '../../runtime/database';
import { configFor, type GlobalOptions } from '../context';

const span = (h: HeldRows) => (h.rows > 0 ? ` (${h.first} … ${h.last})` : '');

/**
 * `exowatch privacy report --number <n>` and `exowatch privacy erase --number <n> [--dry-run]`: a
 * customer's access and erasure requests (docs/privacy.md). Run them where the collector's data folder
 * is, so the webhook journal is searched too.
 */
export function registerPrivacy(program: Command): void {
  const privacy = program
    .command('privacy')
    .description("a customer's requests: what exowatch holds about a number, and its erasure");
  privacy
    .command('report')
    .description(
      'what exowatch holds about a number: rows per table and column, their time span, the journal',
    )
    .requiredOption('--number <number>', 'the customer number, in any form (+91…, 0…, 10 digits)')
    .action(async (options: { number: string }, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const db = await openDatabase(config);
      try {
        const report = await reportNumber(db.pool, join(config.dataDir, 'journal'), options.number, {
          actor: cliActor(),
          via: 'cli',
        });
        console.log(`pseudonym ${report.pseudonym}`);
        for (const h of report.held)
          console.log(
            `${h.table}.${h.column}: ${h.rows} row(s)${span(h)}${h.recordings ? `, ${h.recordings} recording link(s)` : ''}`,
          );
        console.log(`already erased: ${report.erasedRows} row(s) hold the pseudonym`);
        console.log(`webhook journal: ${report.journal.events} pending event(s)`);
      } finally {
        await db.close();
      }
    });
  privacy
    .command('erase')
    .description(
      'replace a number by its pseudonym everywhere it is stored in clear, and drop its recording links',
    )
    .requiredOption('--number <number>', 'the customer number, in any form (+91…, 0…, 10 digits)')
    .option('--dry-run', 'say what would change, change nothing')
    .action(async (options: { number: string; dryRun?: boolean }, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const db = await openDatabase(config);
      try {
        const result = await eraseNumber(db.pool, join(config.dataDir, 'journal'), options.number, {
          dryRun: options.dryRun === true,
          by: { actor: cliActor(), via: 'cli' },
        });
        for (const [table, rows] of Object.entries(result.changed))
          console.log(`${table}: ${rows} row(s) ${result.dryRun ? 'would change' : 'changed'}`);
        if (result.dryRun) {
          console.log(
            `webhook journal: ${result.journal.events} pending event(s) hold the number; dry run, nothing changed`,
          );
        } else if (result.journal.events > 0) {
          console.error(
            `${result.journal.events} webhook event(s) with this number arrived during the erasure: run it again in a minute`,
          );
          process.exitCode = 1;
        } else {
          console.log(`erased: the number is now ${result.pseudonym} everywhere exowatch stores it`);
        }
      } finally {
        await db.close();
      }
    });
}
