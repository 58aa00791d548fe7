import type { Pool, PoolClient } from 'pg';

/** Namespace of exowatch's per-account sync locks (the first key of the two-key advisory lock). */
const SYNC_LOCK_NAMESPACE = 7_145_002;

export interface AccountLock {
  release(): Promise<void>;
}

/**
 * Takes the account's sync lock if no other collector holds it. It is a session-level advisory lock
 * held on a dedicated connection: if this process dies, PostgreSQL drops the session and the lock
 * with it, so a crashed replica never blocks the others. (Behind PgBouncer in transaction mode
 * session locks do not work; point collectors at PostgreSQL directly or use session pooling.)
 */
export async function tryLockAccount(pool: Pool, accountSid: string): Promise<AccountLock | null> {
  const client: PoolClient = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
      [SYNC_LOCK_NAMESPACE, accountSid],
    );
    if (!rows[0]?.locked) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release();
    throw error;
  }
  // The connection sits idle while the sync works; if the server goes away meanwhile, pg emits the
  // error on this client, which must not crash the process (the lock went with the session anyway).
  client.on('error', () => undefined);
  return {
    async release() {
      try {
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SYNC_LOCK_NAMESPACE, accountSid]);
        client.release();
      } catch (error) {
        // A broken connection lost the lock with its session; do not return it to the pool.
        client.release(error as Error);
      }
    },
  };
}
