import type { Command } from 'commander';
import { startCollector, type RunningCollector } from '../../runtime/collector';
import { configFor, type GlobalOptions } from '../context';

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}

/** What an operator needs after start-up: where things are and which tokens to use. */
export function describeCollector(collector: RunningCollector): string {
  const generated = new Set(collector.secrets.generated);
  const mark = (key: 'apiToken' | 'adminToken' | 'webhookSecret') =>
    generated.has(key) ? ' (generated, kept in the data folder)' : '';
  const lines = [
    '',
    `exowatch collector is running${collector.demo ? ' in DEMO mode (built-in Exotel simulator; set EXOTEL_* to sync a real account)' : ''}`,
    `  API:            ${collector.apiUrl}/api/v1   (health: ${collector.apiUrl}/api/v1/health)`,
    `  Metrics:        ${collector.metricsUrl}`,
    // The embedded database's URL is shown whole: it is local, and psql or Grafana need it as is.
    `  Database:       ${collector.embeddedDataDir ? `${collector.databaseUrl} (embedded PostgreSQL, data in ${collector.embeddedDataDir})` : redactPassword(collector.databaseUrl)}${collector.timescale ? ' with TimescaleDB' : ''}`,
    `  Accounts:       ${collector.accounts.map((a) => `${a.sid} via ${a.baseUrl}`).join(', ')}`,
    `  Viewer token:   ${collector.secrets.apiToken}${mark('apiToken')}`,
    `  Admin token:    ${collector.secrets.adminToken}${mark('adminToken')}`,
    `  Webhook secret: ${collector.secrets.webhookSecret}${mark('webhookSecret')}`,
    '',
    'Webhook URLs to paste into Exotel (set EXOWATCH_PUBLIC_URL to the address Exotel reaches):',
    ...collector.webhookUrls.flatMap((urls) => [
      `  ${urls.accountSid} Passthru applet:        ${urls.passthru}`,
      `  ${urls.accountSid} Connect applet agents:  ${urls.agent}`,
      `  ${urls.accountSid} Heartbeat (Notifications): ${urls.heartbeat}`,
      `  ${urls.accountSid} StatusCallback:          ${urls.statusCallback}`,
    ]),
    '',
  ];
  return lines.join('\n');
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'run the collector daemon: sync every minute, serve the API and /metrics (demo mode when no Exotel account is configured)',
    )
    .action(async (_options, command: Command) => {
      const config = configFor(command.optsWithGlobals<GlobalOptions>());
      const collector = await startCollector(config);
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        console.log(`${signal}: stopping…`);
        collector.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      // Only now: whoever reads the banner may stop the collector at once, and must get an orderly stop.
      console.log(describeCollector(collector));
    });
}
