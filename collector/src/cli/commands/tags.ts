import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { cliActor } from '../../audit/actor';
import { openDatabase } from '../../runtime/database';
import { exportTagCsv, importTagCsv } from '../../tags/importFile';
import { MAX_IMPORT_BYTES } from '../../tags/importRows';
import { configFor, type GlobalOptions } from '../context';

/** `exowatch tags import <file.csv> [--dry-run]` and `exowatch tags export [--output file]`. */
export function registerTags(program: Command): void {
  const tags = program
    .command('tags')
    .description('business tags (team, region, …) on numbers and call flows');
  tags
    .command('import')
    .argument(
      '<file.csv>',
      'CSV with a header: target,key,value[,valid_from] (target: +91… number or flow:<flow_id>)',
    )
    .description('set tags from a CSV file; nothing is written when any row is invalid')
    .option('--dry-run', 'validate and report, write nothing')
    .action(async (file: string, options: { dryRun?: boolean }, command: Command) => {
      const text = readFileSync(file);
      if (text.length > MAX_IMPORT_BYTES)
        throw new Error(`${file} is larger than 8 MiB: split it into several imports`);
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const db = await openDatabase(config);
      try {
        const report = await importTagCsv(db.pool, text.toString('utf8'), {
          dryRun: options.dryRun === true,
          now: new Date(),
          audit: (summary) => ({
            actor: cliActor(),
            via: 'cli',
            action: 'tag.import',
            subject: file,
            summary,
          }),
        });
        for (const e of report.errors) console.error(`${file}:${e.row}: ${e.error}`);
        if (report.errors.length > 0) {
          console.error(
            `${report.errors.length} invalid row(s) of ${report.rows}: nothing was written; fix them and import again`,
          );
          process.exitCode = 1;
        } else if (report.dryRun) {
          const count = (action: string) => report.changes.filter((c) => c.action === action).length;
          console.log(
            `${report.rows} row(s) valid: ${count('add')} to add, ${count('change')} to change, ${count('unchanged')} unchanged; dry run, nothing written`,
          );
        } else {
          console.log(`${report.rows} row(s) imported, ${report.written} changed a tag`);
        }
      } finally {
        await db.close();
      }
    });
  tags
    .command('export')
    .description('write the manual tags in force now as CSV (target,key,value,valid_from)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(async (options: { output?: string }, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const db = await openDatabase(config);
      try {
        const csv = await exportTagCsv(db.pool);
        if (options.output) writeFileSync(options.output, csv);
        else process.stdout.write(csv);
      } finally {
        await db.close();
      }
    });
}
