import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';

/**
 * Searching a whole exowatch database and data folder for one customer number, for the erasure tests.
 * Nothing here lists tables or columns: they are read from pg_catalog, so a table or column a later
 * migration adds is searched too.
 */

/** The written forms of an Indian number that tests search for (E.164, 0-prefixed, bare 10 digits). */
export function searchForms(national: string): string[] {
  return [`+91${national}`, `0${national}`, national];
}

/**
 * A regular expression (PostgreSQL's and JavaScript's syntax alike) that matches the 10 digits with a
 * space, dot, dash or bracket between any two, as people and Exotel's `*_raw` fields write them
 * (`+91 99013-20691`, `(990) 132 0691`).
 */
export function spacedPattern(national: string): string {
  return national.split('').join('[ .()-]?');
}

interface Column {
  schema: string;
  table: string;
  column: string;
  type: string;
}

/**
 * Every column of every table, partitioned table and materialized view outside PostgreSQL's own
 * schemas, of any type (a number could be kept as text, json, an array or a bigint alike).
 */
export async function everyColumn(pool: Pool): Promise<Column[]> {
  const { rows } = await pool.query<Column>(
    `SELECT n.nspname AS schema, c.relname AS "table", a.attname AS column, format_type(a.atttypid, NULL) AS type
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p', 'm')
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
     ORDER BY 1, 2, 3`,
  );
  return rows;
}

/**
 * The columns (`schema.table.column`) with a value that holds the number, in any of `forms` or with
 * separators between its digits: each column is read as text (bytea as its bytes).
 */
export async function columnsHolding(pool: Pool, national: string): Promise<string[]> {
  const found: string[] = [];
  for (const { schema, table, column, type } of await everyColumn(pool)) {
    const ident = `"${column.replaceAll('"', '""')}"`;
    const text = type === 'bytea' ? `encode(${ident}, 'escape')` : `${ident}::text`;
    const { rows } = await pool.query(
      `SELECT 1 FROM "${schema}"."${table}"
       WHERE ${text} LIKE ANY (SELECT '%' || f || '%' FROM unnest($1::text[]) f) OR ${text} ~ $2 LIMIT 1`,
      [searchForms(national), spacedPattern(national)],
    );
    if (rows.length > 0) found.push(`${schema}.${table}.${column}`);
  }
  return found;
}

/** Every file under `dir`, at any depth, whose bytes hold the number (as UTF-8 or Latin-1 text). */
export function filesHolding(dir: string, national: string): string[] {
  const pattern = new RegExp(spacedPattern(national));
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    const text = bytes.toString('latin1');
    if (searchForms(national).some((f) => text.includes(f)) || pattern.test(text)) found.push(path);
  }
  return found.sort();
}

/**
 * A fingerprint of every table's rows (an md5 of its rows as text, in order), for telling that
 * nothing changed; `except` tables are left out.
 */
export async function databaseFingerprint(
  pool: Pool,
  except: readonly string[],
): Promise<Record<string, string>> {
  const tables = [...new Set((await everyColumn(pool)).map((c) => `${c.schema}.${c.table}`))];
  const prints: Record<string, string> = {};
  for (const name of tables.filter((t) => !except.includes(t))) {
    const [schema, table] = name.split('.');
    const { rows } = await pool.query<{ md5: string | null }>(
      `SELECT md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM "${schema}"."${table}" t`,
    );
    prints[name] = rows[0]!.md5 ?? 'empty';
  }
  return prints;
}
