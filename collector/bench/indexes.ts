import type { PoolClient } from 'pg';

/** Indexes (and primary keys) of `tables`, as the statements that recreate them. */
export async function indexDefinitions(
  client: PoolClient,
  tables: string[],
): Promise<{ drop: string[]; create: string[] }> {
  const { rows } = await client.query<{ tbl: string; name: string; def: string; is_constraint: boolean }>(
    `SELECT i.indrelid::regclass::text AS tbl, c.relname AS name,
            coalesce(pg_get_constraintdef(k.oid), pg_get_indexdef(i.indexrelid)) AS def, k.oid IS NOT NULL AS is_constraint
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype IN ('p', 'u')
     WHERE i.indrelid = ANY($1::regclass[])`,
    [tables],
  );
  return {
    drop: rows.map((r) =>
      r.is_constraint ? `ALTER TABLE ${r.tbl} DROP CONSTRAINT ${r.name}` : `DROP INDEX ${r.name}`,
    ),
    create: rows.map((r) =>
      r.is_constraint ? `ALTER TABLE ${r.tbl} ADD CONSTRAINT ${r.name} ${r.def}` : r.def,
    ),
  };
}
