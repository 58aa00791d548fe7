import type { Command } from 'commander';
import { openDatabase } from '../../runtime/database';
import { configFor, type GlobalOptions } from '../context';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description(
      'create or upgrade the database schema (also done at every start-up); sets up TimescaleDB when available',
    )
    .action(async (_options, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const db = await openDatabase(config);
      console.log(
        `schema is up to date${db.timescale ? ' (TimescaleDB hypertables in place)' : ' (plain PostgreSQL)'}`,
      );
      await db.close();
    });
}
