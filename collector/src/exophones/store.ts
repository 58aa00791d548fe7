import { circle } from './circles';
import { normalisePhone } from '../normalise/phone';
import type { ExotelExoPhone } from '../exotel/envelope';
import type { Queryable } from '../store/db';

export interface StoredExoPhone {
  accountSid: string;
  sid: string;
  phoneNumber: string | null;
  region: string | null;
  friendlyName: string | null;
}

const optionalText = (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * Inserts or refreshes the account's ExoPhones from the list API (the scheduler calls it daily with
 * ExotelClient.listExoPhones()). Numbers are stored in E.164 with the text sent; `region` is the
 * circle code and `region_name` its name. ExoPhones missing from the list are kept (history).
 * Returns the number of items written.
 */
export async function upsertExoPhones(
  db: Queryable,
  accountSid: string,
  items: readonly ExotelExoPhone[],
): Promise<number> {
  const unique = new Map(
    items.filter((item) => optionalText(item.sid)).map((item) => [item.sid.trim(), item]),
  );
  if (unique.size === 0) return 0;
  const columns: string[][] = [[], [], [], [], [], [], [], [], []];
  for (const [sid, item] of unique) {
    const phone = normalisePhone(item.phone_number);
    const region = circle(item.region);
    const values = [
      sid,
      phone.e164,
      phone.raw,
      optionalText(item.friendly_name),
      region.code,
      region.name,
      optionalText(item.country),
      optionalText(item.number_type),
      JSON.stringify(item),
    ];
    values.forEach((value, index) => columns[index]!.push(value as string));
  }
  const { rowCount } = await db.query(
    `INSERT INTO exophones (account_sid, sid, phone_number, phone_number_raw, friendly_name, region, region_name, country, number_type, raw)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::jsonb[])
     ON CONFLICT (account_sid, sid) DO UPDATE SET
       phone_number = excluded.phone_number, phone_number_raw = excluded.phone_number_raw,
       friendly_name = excluded.friendly_name, region = excluded.region, region_name = excluded.region_name,
       country = excluded.country, number_type = excluded.number_type, raw = excluded.raw, updated_at = now()`,
    [accountSid, ...columns],
  );
  return rowCount ?? 0;
}

export async function readExoPhones(db: Queryable, accountSid: string): Promise<StoredExoPhone[]> {
  const { rows } = await db.query(
    'SELECT account_sid, sid, phone_number, region, friendly_name FROM exophones WHERE account_sid = $1 ORDER BY sid',
    [accountSid],
  );
  return rows.map((row) => ({
    accountSid: row.account_sid,
    sid: row.sid,
    phoneNumber: row.phone_number,
    region: row.region,
    friendlyName: row.friendly_name,
  }));
}
