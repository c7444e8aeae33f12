import { sql, type AnyColumn } from "drizzle-orm";

/**
 * Sort keys of the users page over nullable columns. An index can only serve a keyset page when
 * the query sorts on the very same expression, so the schema's indexes and the queries share these.
 * "Never" sorts as the oldest connection; "no license end" as the farthest end; "no license" first.
 */
export const firstConnectionKey = (col: AnyColumn) => sql`coalesce(${col}, '-infinity'::timestamptz)`;
export const lastConnectionKey = (col: AnyColumn) => sql`coalesce(${col}, '-infinity'::timestamptz)`;
export const licenseEndKey = (col: AnyColumn) => sql`coalesce(${col}, 'infinity'::date)`;
export const licenseNameKey = (col: AnyColumn) => sql`coalesce(${col}, '')`;
