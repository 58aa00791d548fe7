import { Pool, type ClientBase, type PoolClient, type PoolConfig } from 'pg';

/**
 * Every session runs in UTC so timestamptz values render the same everywhere; times are converted
 * to the business time zone only at query time. JIT compilation is off: our statements are short
 * scans of indexed slices whose cost the planner overestimates (the tag_state view, per-call lateral
 * lookups), which pushes them past jit_inline_above_cost and spends seconds compiling a statement
 * that runs in milliseconds (a rollup batch went from 3.3 s to 0.6 s without it).
 */
export function createPool(connectionString: string, overrides: PoolConfig = {}): Pool {
  const pool = new Pool({
    connectionString,
    max: 10,
    options: '-c TimeZone=UTC -c jit=off',
    application_name: 'exowatch',
    ...overrides,
  });
  // A dropped idle connection (database restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

const ignore = () => undefined;

/**
 * Runs `work` in a transaction on one pooled connection. A connection that dies meanwhile (the
 * database stopped mid-transaction) must not crash the process — pg emits 'error' on a checked-out
 * client that has no listener — and is discarded instead of going back to the pool; the failure
 * still reaches the caller through the failed query. `begin` sets the transaction's mode, e.g. a
 * read-only snapshot (`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`).
 *
 * With a `signal`, aborting ends the transaction at once, rolled back, whatever statement it is in:
 * a rollup batch of a big backfill runs for minutes, and shutdown must not wait for it (nor a service
 * manager kill the process, the embedded server with it). The session is terminated rather than its
 * statement cancelled, because a cancel that lands between two statements is lost.
 */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
  begin = 'BEGIN',
  signal?: AbortSignal,
): Promise<T> {
  signal?.throwIfAborted();
  const client = await pool.connect();
  client.on('error', ignore);
  let broken: Error | undefined;
  let terminate: (() => void) | undefined;
  try {
    await client.query(begin);
    if (signal) {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      terminate = () => void pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]).catch(ignore);
      signal.addEventListener('abort', terminate, { once: true });
      signal.throwIfAborted();
    }
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    broken = error as Error;
    await client.query('ROLLBACK').catch(ignore);
    throw signal?.aborted ? signal.reason : error;
  } finally {
    if (terminate) signal!.removeEventListener('abort', terminate);
    client.off('error', ignore);
    client.release(broken);
  }
}

/** Epoch ms as a timestamptz parameter, ±Infinity as PostgreSQL's ±infinity (open ends of effective dates). */
export function pgInstant(ms: number): Date | string {
  return ms === Infinity ? 'infinity' : ms === -Infinity ? '-infinity' : new Date(ms);
}

/** Anything statements can be sent to: the pool (autocommit) or a client inside a transaction. */
export type Queryable = Pool | ClientBase;

/** The server's PostgreSQL version and clock (health report, `exowatch doctor`). */
export async function serverInfo(db: Queryable): Promise<{ version: string; now: Date }> {
  const { rows } = await db.query<{ version: string; now: Date }>(
    "SELECT current_setting('server_version') AS version, now() AS now",
  );
  return rows[0]!;
}
