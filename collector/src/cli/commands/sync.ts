import type { Command } from 'commander';
import { openDatabase } from '../../runtime/database';
import { createExotelClient } from '../../runtime/exotelClients';
import { runIncrementalSync } from '../../sync/incremental';
import { configFor, pickAccount, type GlobalOptions } from '../context';

export function registerSync(program: Command): void {
  program
    .command('sync')
    .description('run one incremental sync of an account (what the daemon does every minute)')
    .requiredOption('--once', 'run once and exit (the daemon is `exowatch serve`)')
    .option('--account <sid>', 'account to sync when several are configured')
    .action(async (options: { account?: string }, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const account = pickAccount(config, options.account);
      const db = await openDatabase(config);
      const client = createExotelClient(account);
      try {
        const run = await runIncrementalSync(db.pool, client, account, config.sync);
        if (run.outcome === 'locked') {
          console.log(`account ${account.sid} is being synced by another collector; nothing to do`);
        } else {
          console.log(
            `synced ${account.sid} ${run.window!.from.toISOString()} → ${run.window!.to.toISOString()}: ` +
              `${run.pages} pages, ${run.received} calls read, ${run.written} written, ${run.rejected} rejected`,
          );
        }
      } finally {
        client.close();
        await db.close();
      }
    });
}
