import { mkdtempSync, rmSync } from 'node:fs';
import { constants as osConstants, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createLocalCluster, type LocalCluster } from '../src/store/localCluster';

export interface BenchCluster {
  baseDir: string;
  cluster: LocalCluster;
  /** Stops the server and removes its files. */
  remove: () => Promise<void>;
}

/**
 * A throwaway cluster set up as a dedicated server for 10 M calls would be: a quarter of the memory
 * as shared_buffers, PostgreSQL's own starting point for a dedicated server. The working sets of the
 * rollup build (a batch of calls with their Passthru events and repeat-call probes) and of retention
 * (a batch's rows in every index of calls) must fit: at 1 GB with 10 M calls every rollup batch reread
 * pages from the OS cache and ran 5x slower. Prints the machine and the setting.
 */
export async function startBenchCluster(name: string): Promise<BenchCluster> {
  const baseDir = mkdtempSync(join(tmpdir(), `exowatch-bench-${name}-`));
  const sharedBuffersMb = Math.floor(totalmem() / 4 / 2 ** 20);
  console.log(
    `# machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB; shared_buffers ${sharedBuffersMb} MB`,
  );
  const cluster = await createLocalCluster({
    baseDir,
    unsafeFast: true,
    settings: {
      shared_buffers: `'${sharedBuffersMb}MB'`,
      work_mem: "'64MB'",
      maintenance_work_mem: "'512MB'",
      max_wal_size: "'4GB'",
    },
  });
  await cluster.start();
  // The server runs in a process group of its own (localCluster.ts), so a terminal's Ctrl-C does not
  // reach it: stopped by a signal, the bench stops the server and removes its gigabytes first.
  const interrupted = (signal: NodeJS.Signals) => {
    console.error(`# ${signal}: stopping the bench's PostgreSQL server and removing ${baseDir}`);
    void remove().finally(() => process.exit(128 + osConstants.signals[signal]));
  };
  const remove = async () => {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await cluster.stop().catch(() => undefined);
    rmSync(baseDir, { recursive: true, force: true });
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  return { baseDir, cluster, remove };
}
