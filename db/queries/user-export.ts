import "server-only";
import { count, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/json-records";
import { clientspaceMemberships as m } from "@/db/schema";
import type { Db } from "@/db/types";
import { LIST_SEPARATOR, USER_FIELDS, type UserFieldId } from "@/lib/transfer/fields";
import { directoryWhere, statusExpression, type DirectoryQuery } from "./users";

/**
 * The rows of a user-list export (SPEC section 7), read with the users listing's own where clause
 * (tenant, the actor's scope, the filters), so that a download holds exactly what the table showed.
 * Every cell is formatted as text by the database (lib/transfer/fields.ts says how): the export
 * only quotes it, and a million rows never become a million Date objects.
 *
 * Walked in account-id order, a batch at a time: the clientspace's primary key makes every batch
 * an index range read from where the last one stopped, never an OFFSET and never the whole set.
 */

/**
 * Rows per query. Measured with bench/export.ts (a million users, CSV, this 2-core machine under
 * other load): 1,000 rows 34 s / 200 MB peak RSS; 2,000 rows 27 s / 220 MB; 5,000 rows 27-30 s /
 * 260 MB. Larger batches buy no speed and cost memory (two batches are held: one written, one read).
 */
export const EXPORT_BATCH_SIZE = 2_000;

/** Users per CSV query: the database joins their records into one text (see nextExportCsv). Measured with bench/export.ts. */
export const CSV_BATCH_SIZE = 5_000;

/** One exported user: a text cell per field of USER_FIELDS, in file order. */
export type ExportRow = string[];

const utc = (column: SQL) => sql`coalesce(to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '')`;
const day = (column: SQL) => sql`coalesce(to_char(${column}, 'YYYY-MM-DD'), '')`;
const flag = (column: SQL) => sql`case when ${column} then 'true' else 'false' end`;

/** The SQL of each cell; the listing's status expression so that "Status" reads as in the table. */
export function exportCells(clock: Pick<DirectoryQuery, "now" | "inactivityDays">): Record<UserFieldId, SQL> {
  return {
    id: sql`${m.accountId}::text`,
    username: sql`${m.username}`,
    email: sql`${m.email}`,
    lastName: sql`${m.lastName}`,
    firstName: sql`${m.firstName}`,
    title: sql`coalesce(${m.title}, '')`,
    service: sql`coalesce(${m.service}, '')`,
    phone: sql`coalesce(${m.phone}, '')`,
    roles: sql`coalesce(ws.roles, '')`,
    admin: flag(sql`${m.isAdmin}`),
    auditor: flag(sql`${m.isAuditor}`),
    status: statusExpression(clock),
    license: sql`coalesce(${m.licenseName}, '')`,
    licenseStart: day(sql`${m.licenseStart}`),
    licenseEnd: day(sql`${m.licenseEnd}`),
    firstConnection: utc(sql`${m.firstConnectionAt}`),
    lastConnection: utc(sql`${m.lastConnectionAt}`),
    workspaces: sql`coalesce(ws.workspaces, '')`,
    origin: sql`${m.origin}::text`,
    kind: sql`${m.kind}::text`,
    // An invitee from elsewhere shows nothing of their account before they accept (SPEC section 2).
    sso: flag(sql`(a.sso and (${m.joinedAt} is not null or a.home_clientspace_id = ${m.clientspaceId}))`),
  };
}

/**
 * The select list and the joins every export query shares: the account (for SSO) and the user's
 * workspaces with their roles, aggregated once per user and ordered by workspace name.
 */
export function exportSelect(clock: Pick<DirectoryQuery, "now" | "inactivityDays">): SQL {
  const cells = exportCells(clock);
  const columns = sql.join(
    USER_FIELDS.map((f) => sql`${cells[f.id]} as ${sql.identifier(f.id)}`),
    sql`, `,
  );
  return sql`select ${columns} ${exportFrom()}`;
}

function exportFrom(): SQL {
  return sql`from ${m}
    join accounts a on a.id = ${m.accountId}
    left join lateral (
      select string_agg(w.name, ${LIST_SEPARATOR} order by w.name) as workspaces,
             string_agg(w.name || ': ' || r.name, ${LIST_SEPARATOR} order by w.name) as roles
      from workspace_memberships wm
      join workspaces w on w.id = wm.workspace_id
      join roles r on r.id = wm.role_id
      where wm.account_id = ${m.accountId} and wm.clientspace_id = ${m.clientspaceId}
    ) ws on true`;
}

/**
 * Cells someone typed (names, emails, workspace and license names…): they may start like a
 * formula or hold a comma, a quote or a line break. The others are ids, flags, dates and enum
 * values the database writes itself, which never do.
 */
const TYPED_FIELDS: ReadonlySet<UserFieldId> = new Set(["username", "email", "lastName", "firstName", "title", "service", "phone", "roles", "license", "workspaces"]);

/**
 * One CSV field written by the database, by the rule of lib/transfer/cells.ts csvRecord (a test
 * holds the two equal): a formula-like start gets an apostrophe, a comma, quote, CR or LF gets
 * the field quoted with inner quotes doubled. One pattern test for the usual plain cell; the
 * rare cell that needs either is then handled in full.
 */
function csvCell(value: SQL): SQL {
  const neutralised = (v: SQL) => sql`case when ${value} ~ '^''*[=+@\t\r-]' then '''' || ${v} else ${v} end`;
  return sql`case when ${value} !~ '^''*[=+@\t\r-]|[",\r\n]' then ${value}
    when ${value} ~ '[",\r\n]' then '"' || ${neutralised(sql`replace(${value}, '"', '""')`)} || '"'
    else ${neutralised(value)} end`;
}

/**
 * A batch of the CSV file as the database joined its records: texts of CSV_PART_SIZE users each,
 * the batch's user count and its last account id (where the next batch starts).
 */
export type CsvBatch = { parts: string[]; rows: number; last: string | null };

/**
 * Users per text: about 100 kB, below V8's large-object size, so that a text is young garbage
 * once sent instead of old-generation memory that waits for a full collection (bench/export.ts:
 * one text per 5,000 users peaked 25 MB higher).
 */
const CSV_PART_SIZE = 400;

/** One user's CSV record, CRLF included. */
function csvLine(q: DirectoryQuery): SQL {
  const cells = exportCells(q);
  const fields = sql.join(
    USER_FIELDS.map((f) => (TYPED_FIELDS.has(f.id) ? csvCell(cells[f.id]) : cells[f.id])),
    sql`, `,
  );
  return sql`concat_ws(',', ${fields}) || E'\r\n'`;
}

/** Every matching user's CSV record, in account-id order: what a COPY of the whole list reads (db/copy-out.ts). */
export function exportCsvSelect(q: DirectoryQuery, searchPattern: string | null): SQL {
  return sql`select ${csvLine(q)} ${exportFrom()} where ${directoryWhere(q, searchPattern)} order by ${m.accountId}`;
}

function csvBatchQuery(q: DirectoryQuery, where: SQL, limit: number | null): SQL {
  // Joined by the database: the driver reads a few long values, not a million rows of cells.
  return sql`select string_agg(t.line, '' order by t.id) as text, count(*)::int as rows, max(t.id::text collate "C") as last
    from (select s.id, s.line, (row_number() over (order by s.id) - 1) / ${CSV_PART_SIZE} as part
      from (select ${m.accountId} as id, ${csvLine(q)} as line ${exportFrom()}
        where ${where} order by ${m.accountId}${limit === null ? sql`` : sql` limit ${limit}`}) s) t
    group by t.part order by t.part`;
}

function csvBatchOf(result: unknown): CsvBatch {
  const parts = rowsOf<{ text: string; rows: number; last: string }>(result);
  return { parts: parts.map((p) => p.text), rows: parts.reduce((n, p) => n + Number(p.rows), 0), last: parts.at(-1)?.last ?? null };
}

/** The next `limit` matching users after `afterAccountId` as CSV records (the same users and order as nextExportRows). */
export async function nextExportCsv(db: Db, q: DirectoryQuery, searchPattern: string | null, afterAccountId: string | null, limit: number): Promise<CsvBatch> {
  const after = afterAccountId ? sql` and ${m.accountId} > ${afterAccountId}::uuid and a.id > ${afterAccountId}::uuid` : sql``;
  return csvBatchOf(await db.execute(csvBatchQuery(q, sql`${directoryWhere(q, searchPattern)}${after}`, limit)));
}

/** Those of `accountIds` that the query's scope reaches, as CSV records in account-id order. */
export async function exportCsvAmong(db: Db, q: DirectoryQuery, accountIds: readonly string[]): Promise<CsvBatch> {
  if (accountIds.length === 0) return { parts: [], rows: 0, last: null };
  const ids = sql.join(
    accountIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  return csvBatchOf(await db.execute(csvBatchQuery(q, sql`${directoryWhere(q, null)} and ${m.accountId} in (${ids})`, null)));
}

const toRow = (r: Record<string, string>): ExportRow => USER_FIELDS.map((f) => r[f.id]);

/** The next `limit` matching users after `afterAccountId` (from the start when null). */
export async function nextExportRows(db: Db, q: DirectoryQuery, searchPattern: string | null, afterAccountId: string | null, limit: number): Promise<ExportRow[]> {
  // The bound repeated on the account: without it a merge join reads accounts from the first id on every batch.
  const after = afterAccountId ? sql` and ${m.accountId} > ${afterAccountId}::uuid and a.id > ${afterAccountId}::uuid` : sql``;
  const result = await db.execute(sql`${exportSelect(q)} where ${directoryWhere(q, searchPattern)}${after} order by ${m.accountId} limit ${limit}`);
  return rowsOf<Record<string, string>>(result).map(toRow);
}

/** Those of `accountIds` that the query's scope reaches, in account-id order; the others are not there for this actor. */
export async function exportRowsAmong(db: Db, q: DirectoryQuery, accountIds: readonly string[]): Promise<ExportRow[]> {
  if (accountIds.length === 0) return [];
  const ids = sql.join(
    accountIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const result = await db.execute(sql`${exportSelect(q)} where ${directoryWhere(q, null)} and ${m.accountId} in (${ids}) order by ${m.accountId}`);
  return rowsOf<Record<string, string>>(result).map(toRow);
}

/** How many users match, counting no further than `limit` when given (enough to know a bound is exceeded). */
export async function countExportRows(db: Db, q: DirectoryQuery, searchPattern: string | null, limit: number | null): Promise<number> {
  const where = directoryWhere(q, searchPattern);
  if (limit === null) return (await db.select({ n: count() }).from(m).where(where))[0].n;
  const limited = db.select({ one: sql`1` }).from(m).where(where).limit(limit).as("limited");
  const [{ n }] = await db.select({ n: count() }).from(limited);
  return n;
}

/** How many of `accountIds` the query's scope reaches. */
export async function countExportRowsAmong(db: Db, q: DirectoryQuery, accountIds: readonly string[]): Promise<number> {
  if (accountIds.length === 0) return 0;
  const ids = sql.join(
    accountIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const [{ n }] = await db.select({ n: count() }).from(m).where(sql`${directoryWhere(q, null)} and ${m.accountId} in (${ids})`);
  return n;
}
