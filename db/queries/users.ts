import "server-only";
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/db/json-records";
import { clientspaceMemberships as m, licenseTypes, workspaceMemberships } from "@/db/schema";
import { firstConnectionKey, lastConnectionKey, licenseEndKey, licenseNameKey } from "@/db/schema/directory-keys";
import type { Db } from "@/db/types";
import type { UserScope } from "@/lib/permissions";
import {
  NO_LICENSE,
  USER_STATUSES,
  type DirectoryFilters,
  type LicenseState,
  type PageSize,
  type SortKey,
  type UserStatus,
} from "@/lib/users/directory-params";
import { scopeCondition } from "./directory";

/** The moment and settings a listing is computed at: status and license state depend on them. */
export type DirectoryClock = { now: Date; inactivityDays: number };

export type DirectoryQuery = DirectoryClock & {
  clientspaceId: string;
  scope: UserScope;
  filters: DirectoryFilters;
};

export type DirectoryPageQuery = DirectoryQuery & {
  sort: SortKey;
  dir: "asc" | "desc";
  size: PageSize;
  cursor: string | null;
};

export type DirectoryRow = {
  accountId: string;
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  status: UserStatus;
  licenseTypeId: string | null;
  licenseName: string | null;
  licenseStart: string | null;
  licenseEnd: string | null;
  licenseState: LicenseState;
  isAdmin: boolean;
  isAuditor: boolean;
  kind: "internal" | "external";
  origin: string;
  workspaces: string[];
  firstConnectionAt: Date | null;
  lastConnectionAt: Date | null;
  createdAt: Date;
};

export type DirectoryPage = { rows: DirectoryRow[]; nextCursor: string | null; prevCursor: string | null };

// ---------------------------------------------------------------- status and license state

function clockParams(clock: DirectoryClock) {
  const cutoff = new Date(clock.now.getTime() - clock.inactivityDays * 86_400_000);
  const today = clock.now.toISOString().slice(0, 10);
  return { now: clock.now.toISOString(), cutoff: cutoff.toISOString(), today };
}

/** One predicate per status, exclusive, in SPEC section 3's order of precedence. */
function statusPredicates(clock: DirectoryClock): Record<UserStatus, SQL> {
  const { now, cutoff } = clockParams(clock);
  const notDisabled = eq(m.disabled, false);
  const notLocked = isNull(m.lockedAt);
  const pending = and(isNotNull(m.invitedAt), isNull(m.joinedAt))!;
  const notPending = sql`not (${m.invitedAt} is not null and ${m.joinedAt} is null)`;
  const reachable = and(notDisabled, notLocked, notPending)!;
  return {
    disabled: eq(m.disabled, true),
    locked: and(notDisabled, isNotNull(m.lockedAt))!,
    invited: and(notDisabled, notLocked, pending, sql`${m.invitationExpiresAt} >= ${now}::timestamptz`)!,
    invitation_expired: and(notDisabled, notLocked, pending, sql`${m.invitationExpiresAt} < ${now}::timestamptz`)!,
    never_connected: and(reachable, isNull(m.firstConnectionAt))!,
    inactive: and(reachable, isNotNull(m.firstConnectionAt), sql`${m.lastConnectionAt} < ${cutoff}::timestamptz`)!,
    active: and(reachable, isNotNull(m.firstConnectionAt), sql`${m.lastConnectionAt} >= ${cutoff}::timestamptz`)!,
  };
}

/** Exported for the detail panel: one user's status must read exactly as in the table. */
export function statusExpression(clock: DirectoryClock): SQL<UserStatus> {
  const p = statusPredicates(clock);
  const whens = USER_STATUSES.map((s) => sql`when ${p[s]} then ${s}`);
  return sql<UserStatus>`(case ${sql.join(whens, sql` `)} else 'active' end)`;
}

function licenseStatePredicates(clock: DirectoryClock): Record<LicenseState, SQL> {
  const { today } = clockParams(clock);
  const has = isNotNull(m.licenseTypeId);
  return {
    none: isNull(m.licenseTypeId),
    not_started: and(has, sql`${m.licenseStart} > ${today}::date`)!,
    expired: and(has, sql`${m.licenseEnd} < ${today}::date`)!,
    active: and(
      has,
      sql`(${m.licenseStart} is null or ${m.licenseStart} <= ${today}::date)`,
      sql`(${m.licenseEnd} is null or ${m.licenseEnd} >= ${today}::date)`,
    )!,
  };
}

export function licenseStateExpression(clock: DirectoryClock): SQL<LicenseState> {
  const p = licenseStatePredicates(clock);
  return sql<LicenseState>`(case when ${p.none} then 'none' when ${p.not_started} then 'not_started' when ${p.expired} then 'expired' else 'active' end)`;
}

// ---------------------------------------------------------------- filters

function escapeLike(term: string) {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function dayStart(d: Date) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();
}
function nextDayStart(d: Date) {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1)).toISOString();
}

/**
 * The where clause of a listing: tenant and permission scope first, then each filter that is set.
 * Rows, counts and "all N matching" selections are all built from this one function.
 * `searchPattern` is the already-normalised LIKE pattern (see normaliseSearch).
 */
export function directoryWhere(q: DirectoryQuery, searchPattern: string | null): SQL | undefined {
  const f = q.filters;
  const statuses = statusPredicates(q);
  const licenseStates = licenseStatePredicates(q);
  const licenseIds = f.license.filter((l) => l !== NO_LICENSE);
  const wantsNoLicense = f.license.includes(NO_LICENSE);
  const workspaceCondition =
    f.workspace.length > 0 || f.role.length > 0
      ? sql`exists (select 1 from ${workspaceMemberships} where ${workspaceMemberships.accountId} = ${m.accountId} and ${workspaceMemberships.clientspaceId} = ${m.clientspaceId}${
          f.workspace.length > 0 ? sql` and ${inArray(workspaceMemberships.workspaceId, f.workspace)}` : sql``
        }${f.role.length > 0 ? sql` and ${inArray(workspaceMemberships.roleId, f.role)}` : sql``})`
      : undefined;

  return and(
    scopeCondition(q.clientspaceId, q.scope),
    searchPattern ? sql`${m.search} like ${searchPattern}` : undefined,
    f.status.length > 0 ? or(...f.status.map((s) => statuses[s])) : undefined,
    f.license.length > 0
      ? or(licenseIds.length > 0 ? inArray(m.licenseTypeId, licenseIds) : undefined, wantsNoLicense ? isNull(m.licenseTypeId) : undefined)
      : undefined,
    f.licenseState.length > 0 ? or(...f.licenseState.map((s) => licenseStates[s])) : undefined,
    f.admin ? eq(m.isAdmin, f.admin === "yes") : undefined,
    f.auditor ? eq(m.isAuditor, f.auditor === "yes") : undefined,
    workspaceCondition,
    f.kind ? eq(m.kind, f.kind) : undefined,
    f.origin.length > 0 ? inArray(m.origin, f.origin) : undefined,
    f.firstFrom ? gte(m.firstConnectionAt, sql`${dayStart(f.firstFrom)}::timestamptz`) : undefined,
    f.firstTo ? lt(m.firstConnectionAt, sql`${nextDayStart(f.firstTo)}::timestamptz`) : undefined,
    f.lastFrom ? gte(m.lastConnectionAt, sql`${dayStart(f.lastFrom)}::timestamptz`) : undefined,
    f.lastTo ? lt(m.lastConnectionAt, sql`${nextDayStart(f.lastTo)}::timestamptz`) : undefined,
    f.never ? isNull(m.firstConnectionAt) : undefined,
  );
}

/**
 * The search term as the database folds it (lower case, accents removed by unaccent), wrapped for
 * a substring LIKE on the trigram-indexed search column. Folding in SQL keeps both sides identical.
 */
export async function normaliseSearch(db: Db, term: string): Promise<string | null> {
  // PostgreSQL refuses NUL in text: whatever door the term came through, it never gets there.
  const t = term.replaceAll("\u0000", "").trim();
  if (!t) return null;
  const rows = await db.execute<{ folded: string }>(sql`select lower(unaccent(${t})) as folded`);
  const folded = rowsOf<{ folded: string }>(rows)[0].folded;
  return `%${escapeLike(folded)}%`;
}

// ---------------------------------------------------------------- sorting and keyset cursors

const sortExpressions: Record<SortKey, { expr: SQL; cast: string }> = {
  name: { expr: sql`${m.sortName}`, cast: "text" },
  email: { expr: sql`${m.email}`, cast: "text" },
  username: { expr: sql`${m.username}`, cast: "text" },
  license: { expr: licenseNameKey(m.licenseName), cast: "text" },
  licenseEnd: { expr: licenseEndKey(m.licenseEnd), cast: "date" },
  firstConnection: { expr: firstConnectionKey(m.firstConnectionAt), cast: "timestamptz" },
  lastConnection: { expr: lastConnectionKey(m.lastConnectionAt), cast: "timestamptz" },
  created: { expr: sql`${m.createdAt}`, cast: "timestamptz" },
};

type Cursor = { way: "after" | "before"; sort: SortKey; dir: "asc" | "desc"; value: string; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.way, c.sort, c.dir, c.value, c.id])).toString("base64url");
}

const CURSOR_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CURSOR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// What `timestamptz::text` prints: "2026-08-24 10:00:00.123456+00", or "-infinity" (the null key).
const CURSOR_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2})(:\d{2})?$/;
const MAX_CURSOR_TEXT = 1000;

function validDay(day: string): boolean {
  const m = CURSOR_DATE.exec(day);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCFullYear() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/**
 * Whether a cursor's sort value is one the database could have written for that sort: checked
 * before it becomes a query parameter, so that a crafted cursor (a word where a date goes, a NUL
 * byte) starts from the first page instead of reaching PostgreSQL as an error.
 */
function validSortValue(cast: string, value: string): boolean {
  switch (cast) {
    case "text":
      return value.length <= MAX_CURSOR_TEXT && !value.includes("\u0000");
    case "date":
      return value === "infinity" || validDay(value);
    case "timestamptz": {
      if (value === "-infinity") return true;
      const m = CURSOR_TIMESTAMP.exec(value);
      return m !== null && validDay(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
    }
    default:
      return false;
  }
}

export function decodeCursor(raw: string | null, sort: SortKey, dir: "asc" | "desc"): Cursor | null {
  if (!raw || raw.length > 4 * MAX_CURSOR_TEXT) return null;
  try {
    const [way, s, d, value, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as unknown[];
    // A cursor made for another sort order is meaningless here: start from the first page.
    if ((way !== "after" && way !== "before") || s !== sort || d !== dir || typeof value !== "string") return null;
    if (typeof id !== "string" || !CURSOR_UUID.test(id) || !validSortValue(sortExpressions[sort].cast, value)) return null;
    return { way, sort, dir, value, id };
  } catch {
    return null;
  }
}

function rowSelection(clock: DirectoryClock) {
  return {
    accountId: m.accountId,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    username: m.username,
    status: statusExpression(clock),
    licenseTypeId: m.licenseTypeId,
    licenseName: m.licenseName,
    licenseStart: m.licenseStart,
    licenseEnd: m.licenseEnd,
    licenseState: licenseStateExpression(clock),
    isAdmin: m.isAdmin,
    isAuditor: m.isAuditor,
    kind: m.kind,
    origin: m.origin,
    // Written out with aliases: drizzle leaves columns unqualified in a one-table select.
    workspaces: sql<string[]>`array(select w.name from workspace_memberships wm join workspaces w on w.id = wm.workspace_id where wm.account_id = "clientspace_memberships"."account_id" and wm.clientspace_id = "clientspace_memberships"."clientspace_id" order by w.name)`,
    firstConnectionAt: m.firstConnectionAt,
    lastConnectionAt: m.lastConnectionAt,
    createdAt: m.createdAt,
  };
}

/** Below this many expected matches a search goes through the trigram index (docs/decisions/005-sparse-search-planner.md). */
const SPARSE_SEARCH_MATCHES = 25_000;

/**
 * Expected matches of a search, from a 1% sample of the table's pages: the planner's own guess
 * for `like '%term%'` is a constant that misjudges rare terms (a 2.5 s plan for a term that
 * matches nobody, measured at a million users).
 */
async function expectedMatches(db: Db, clientspaceId: string, pattern: string): Promise<number> {
  const rows = rowsOf<{ n: number }>(
    await db.execute(
      sql`select count(*)::int as n from ${m} tablesample system (1) repeatable (7) where ${m.clientspaceId} = ${clientspaceId} and ${m.search} like ${pattern}`,
    ),
  );
  return rows[0].n * 100;
}

/** One page of the users table, keyset-paginated on (sort key, account id). */
export async function listDirectoryPage(db: Db, q: DirectoryPageQuery): Promise<DirectoryPage> {
  const pattern = await normaliseSearch(db, q.filters.q);
  const { expr, cast } = sortExpressions[q.sort];
  const cursor = decodeCursor(q.cursor, q.sort, q.dir);
  // Walking backwards reads the index the other way, then flips the rows.
  const backwards = cursor?.way === "before";
  const ascending = (q.dir === "asc") !== backwards;
  const keyset = cursor
    ? ascending
      ? sql`(${expr}, ${m.accountId}) > (${cursor.value}::${sql.raw(cast)}, ${cursor.id}::uuid)`
      : sql`(${expr}, ${m.accountId}) < (${cursor.value}::${sql.raw(cast)}, ${cursor.id}::uuid)`
    : undefined;

  const select = (conn: Db) =>
    conn
      .select({ ...rowSelection(q), sortValue: sql<string>`(${expr})::text` })
      .from(m)
      .where(and(directoryWhere(q, pattern), keyset))
      .orderBy(...(ascending ? [asc(expr), asc(m.accountId)] : [desc(expr), desc(m.accountId)]))
      .limit(q.size + 1);

  const sparse = pattern !== null && (await expectedMatches(db, q.clientspaceId, pattern)) < SPARSE_SEARCH_MATCHES;
  const rows = sparse
    ? await db.transaction(async (tx) => {
        // Plain index scans off for this one query: the planner must go through the trigram bitmap.
        await tx.execute(sql`set local enable_indexscan = off`);
        await tx.execute(sql`set local enable_seqscan = off`);
        return select(tx);
      })
    : await select(db);

  const more = rows.length > q.size;
  const page = rows.slice(0, q.size);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page[page.length - 1];
  const make = (way: "after" | "before", r: (typeof rows)[number]) =>
    encodeCursor({ way, sort: q.sort, dir: q.dir, value: r.sortValue, id: r.accountId });

  const hasNext = backwards ? Boolean(last) : more;
  const hasPrev = backwards ? more : Boolean(cursor);
  return {
    rows: page.map(({ sortValue, ...row }) => row as DirectoryRow),
    nextCursor: hasNext && last ? make("after", last) : null,
    prevCursor: hasPrev && first ? make("before", first) : null,
  };
}

export const EXACT_COUNT_LIMIT = 100_000;

/**
 * How many users match: exact up to 100,000 (counting stops there), an estimate from the planner
 * above, so that a broad filter over a million users never costs a full count.
 */
export async function countDirectory(db: Db, q: DirectoryQuery): Promise<{ count: number; exact: boolean }> {
  const pattern = await normaliseSearch(db, q.filters.q);
  const where = directoryWhere(q, pattern);
  const limited = db.select({ one: sql`1` }).from(m).where(where).limit(EXACT_COUNT_LIMIT + 1).as("limited");
  const [{ n }] = await db.select({ n: count() }).from(limited);
  if (n <= EXACT_COUNT_LIMIT) return { count: n, exact: true };
  const plan = rowsOf<Record<string, unknown>>(await db.execute(sql`explain (format json) ${db.select({ one: sql`1` }).from(m).where(where)}`));
  const json = plan[0]["QUERY PLAN"];
  const parsed = (typeof json === "string" ? JSON.parse(json) : json) as { Plan: { "Plan Rows": number } }[];
  return { count: Math.max(EXACT_COUNT_LIMIT + 1, Math.round(parsed[0].Plan["Plan Rows"])), exact: false };
}

/** Counts per status for the page header (within the actor's scope, ignoring filters). */
export async function countByStatus(db: Db, q: Omit<DirectoryQuery, "filters">): Promise<Record<UserStatus, number>> {
  const p = statusPredicates(q);
  const selection = Object.fromEntries(USER_STATUSES.map((s) => [s, sql<number>`count(*) filter (where ${p[s]})::int`])) as Record<
    UserStatus,
    SQL<number>
  >;
  const [row] = await db.select(selection).from(m).where(scopeCondition(q.clientspaceId, q.scope));
  return row;
}

export type SeatUsage = { licenseTypeId: string; name: string; used: number; limit: number };

/** Seats taken per license type: a license counts until it has expired. */
export async function seatUsage(db: Db, clientspaceId: string, clock: DirectoryClock): Promise<SeatUsage[]> {
  const { today } = clockParams(clock);
  return db
    .select({
      licenseTypeId: licenseTypes.id,
      name: licenseTypes.name,
      limit: licenseTypes.seatLimit,
      used: sql<number>`(select count(*)::int from ${m} where ${m.clientspaceId} = ${licenseTypes.clientspaceId} and ${m.licenseTypeId} = ${licenseTypes.id} and (${m.licenseEnd} is null or ${m.licenseEnd} >= ${today}::date))`,
    })
    .from(licenseTypes)
    .where(eq(licenseTypes.clientspaceId, clientspaceId))
    .orderBy(asc(licenseTypes.name));
}

