#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/load';
import { VERSION } from '../version';
import { registerBackfill } from './commands/backfill';
import { registerDoctor } from './commands/doctor';
import { registerMigrate } from './commands/migrate';
import { registerPrivacy } from './commands/privacy';
import { registerServe } from './commands/serve';
import { registerSimulate } from './commands/simulate';
import { registerSync } from './commands/sync';
import { registerTags } from './commands/tags';

export function buildProgram(): Command {
  const program = new Command('exowatch')
    .description(
      'exowatch: Exotel call data, webhooks and ExoPhone health into PostgreSQL, Prometheus and Grafana',
    )
    .version(VERSION)
    .option('-c, --config <file>', 'accounts/config file (YAML or JSON); default $EXOWATCH_CONFIG')
    .showHelpAfterError();
  registerServe(program);
  registerSync(program);
  registerBackfill(program);
  registerMigrate(program);
  registerSimulate(program);
  registerDoctor(program);
  registerTags(program);
  registerPrivacy(program);
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode);
    // Errors meant for the operator are printed plainly, without a stack trace.
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    console.error(`exowatch: ${message}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}

void main();
