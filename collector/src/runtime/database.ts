import type { Pool } from 'pg';
import type { ExowatchConfig } from '../config/load';
import { log } from '../log';
import { createPool } from '../store/db';
import { startEmbeddedDatabase } from '../store/embedded';
import { prepareSchema } from '../store/migrate';

export interface Database {
  url: string;
  /** The embedded server's data folder; null with DATABASE_URL. */
  embeddedDataDir: string | null;
  pool: Pool;
  timescale: boolean;
  close(): Promise<void>;
}

/**
 * DATABASE_URL when configured, otherwise the embedded PostgreSQL in the data folder; migrated and,
 * where TimescaleDB is available, turned into hypertables.
 */
export async function openDatabase(config: ExowatchConfig): Promise<Database> {
  let url = config.databaseUrl;
  let stopServer: () => Promise<void> = async () => undefined;
  let embeddedDataDir: string | null = null;
  if (!url) {
    log.info({ dataDir: config.dataDir }, 'no DATABASE_URL: starting the embedded PostgreSQL');
    const embedded = await startEmbeddedDatabase(config.dataDir);
    url = embedded.url;
    stopServer = embedded.stop;
    embeddedDataDir = embedded.dataDir;
  }
  const pool = createPool(url);
  try {
    const { rawPayloadDays, recordingUrlDays, numbersInClearDays } = config.privacy;
    const longestRetentionDays = Math.max(rawPayloadDays, recordingUrlDays, numbersInClearDays);
    const { applied, timescale } = await prepareSchema(pool, config.timescale, longestRetentionDays);
    if (applied.length > 0) log.info({ applied }, 'database migrated');
    return {
      url,
      embeddedDataDir,
      pool,
      timescale,
      async close() {
        await pool.end();
        await stopServer();
      },
    };
  } catch (error) {
    await pool.end();
    await stopServer();
    throw error;
  }
}
