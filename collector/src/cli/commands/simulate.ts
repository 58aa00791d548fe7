import { InvalidArgumentError, type Command } from 'commander';
import { runSimulatorCommand } from '../../simulator';

function number(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expects a number >= 0');
  return parsed;
}

function probability(value: string): number {
  const parsed = number(value);
  if (parsed > 1) throw new InvalidArgumentError('expects a probability between 0 and 1');
  return parsed;
}

interface SimulateOptions {
  port: number;
  host: string;
  seed: string;
  account: string;
  apiKey: string;
  apiToken: string;
  callsPerDay: number;
  rateLimit: number;
  fault429: number;
  fault5xx: number;
  faultTimeout: number;
  faultTruncated: number;
  faultDuplicates: number;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'run the fake Exotel account (Bulk Call Details and ExoPhone APIs) on its own port, e.g. for EXOTEL_BASE_URL',
    )
    .option('--port <port>', 'port to listen on (0 = any free port)', number, 8091)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <seed>', 'traffic seed: the same seed gives the same calls', 'exowatch')
    .option('--account <sid>', 'account SID it answers for', 'exowatchdemo')
    .option('--api-key <key>', 'API key it accepts', 'demo-api-key')
    .option('--api-token <token>', 'API token it accepts', 'demo-api-token')
    .option('--calls-per-day <n>', 'average calls per day', number, 2000)
    .option('--rate-limit <n>', 'requests per minute before answering 429 (0 = unlimited)', number, 200)
    .option('--fault-429 <p>', 'probability of a spurious 429', probability, 0)
    .option('--fault-5xx <p>', 'probability of a 500/502/503', probability, 0)
    .option('--fault-timeout <p>', 'probability of a response that never comes', probability, 0)
    .option('--fault-truncated <p>', 'probability of a 200 with a cut-off JSON body', probability, 0)
    .option('--fault-duplicates <p>', 'probability of a record repeated on the next page', probability, 0)
    .action(async (options: SimulateOptions) => {
      const simulator = await runSimulatorCommand({
        port: options.port,
        host: options.host,
        seed: options.seed,
        accountSid: options.account,
        apiKey: options.apiKey,
        apiToken: options.apiToken,
        callsPerDay: options.callsPerDay,
        rateLimitPerMinute: options.rateLimit,
        faults: {
          tooManyRequests: options.fault429,
          serverError: options.fault5xx,
          timeout: options.faultTimeout,
          truncatedBody: options.faultTruncated,
          duplicateAcrossPages: options.faultDuplicates,
        },
      });
      console.log(
        `Exotel simulator on ${simulator.url}\n` +
          `  EXOTEL_BASE_URL=${simulator.url} EXOTEL_ACCOUNT_SID=${simulator.accountSid} ` +
          `EXOTEL_API_KEY=${simulator.apiKey} EXOTEL_API_TOKEN=${simulator.apiToken}`,
      );
    });
}
