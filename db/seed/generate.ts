import { randomBytes } from "node:crypto";
import { asc, count, eq, sql, type SQL } from "drizzle-orm";
import { hashPassword } from "../../lib/auth/password";
import { clientspaceMemberships, clientspaces, licenseTypes, roles, workspaces } from "../schema";
import type { Db } from "../types";
import { DEMO_PASSWORD } from "./demo-accounts";
import { NAME_POOLS, SERVICE_TITLES, asciiName } from "./demo";
import type { BuiltInRoleKey } from "./roles";

export type GenerateUsersOptions = {
  clientspaceSlug: string;
  count: number;
  onProgress?: (done: number) => void;
  /** Rows per statement; each chunk commits on its own. */
  chunkSize?: number;
};

const ROLE_KEYS: readonly BuiltInRoleKey[] = ["super_user", "editor", "viewer", "no_access"];

// Values travel as one '|'-joined text parameter each: drizzle expands a JS array into a list of
// parameters, and none of these values contains a '|'.
function textArray(values: readonly string[]): SQL {
  return sql`string_to_array(${values.join("|")}, '|')`;
}

// Letters only, so that the sequence number after it reads on its own: "k3x9q" + 42 would blur.
function runTag(): string {
  return Array.from(randomBytes(5), (b) => String.fromCharCode(97 + (b % 26))).join("");
}

/**
 * Adds `count` generated users to an existing clientspace, set-based on the server: each chunk is
 * one INSERT … SELECT over generate_series per table, in its own transaction. Names come from the
 * demo pools, addresses carry a tag unique to the run (`elodie.dubois.kxqmb42@gen.acme.test`), so
 * running it again adds more users instead of colliding. Licenses go to at most half the seats left.
 */
export async function generateUsers(db: Db, opts: GenerateUsersOptions): Promise<void> {
  const { clientspaceSlug, onProgress } = opts;
  const total = opts.count;
  const chunkSize = opts.chunkSize ?? 50_000;
  if (!Number.isInteger(total) || total < 0) throw new Error(`count must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`chunkSize must be a positive integer, got ${chunkSize}`);

  const [cs] = await db.select({ id: clientspaces.id }).from(clientspaces).where(eq(clientspaces.slug, clientspaceSlug));
  if (!cs) throw new Error(`No clientspace with slug "${clientspaceSlug}"`);
  const wsRows = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.clientspaceId, cs.id)).orderBy(asc(workspaces.name));
  const roleRows = await db.select({ id: roles.id, key: roles.key }).from(roles).where(eq(roles.clientspaceId, cs.id));
  const roleId = new Map(roleRows.map((r) => [r.key, r.id]));
  const missing = ROLE_KEYS.filter((k) => !roleId.has(k));
  if (wsRows.length > 0 && missing.length > 0) throw new Error(`Clientspace "${clientspaceSlug}" lacks the built-in roles ${missing.join(", ")}`);

  const seats = await db
    .select({ id: licenseTypes.id, seatLimit: licenseTypes.seatLimit, used: count(clientspaceMemberships.accountId) })
    .from(licenseTypes)
    .leftJoin(clientspaceMemberships, eq(clientspaceMemberships.licenseTypeId, licenseTypes.id))
    .where(eq(licenseTypes.clientspaceId, cs.id))
    .groupBy(licenseTypes.id, licenseTypes.seatLimit)
    .orderBy(asc(licenseTypes.name));
  // Generated numbers 1..c1 get the first type, c1+1..c2 the second, and so on.
  const licenseRanges: { id: string; upTo: number }[] = [];
  let licensed = 0;
  for (const s of seats) {
    const grant = Math.min(Math.floor(Math.max(0, s.seatLimit - s.used) / 2), total - licensed);
    if (grant <= 0) continue;
    licensed += grant;
    licenseRanges.push({ id: s.id, upTo: licensed });
  }
  const licenseType = licenseRanges.length
    ? sql`CASE ${sql.join(licenseRanges.map((r) => sql`WHEN n <= ${r.upTo}::int THEN ${r.id}::uuid`), sql` `)} END`
    : sql`NULL::uuid`;

  const pairs = NAME_POOLS.flatMap((pool) => pool.first.flatMap((first) => pool.last.map((last) => [first, last] as const)));
  const serviceTitles = Object.entries(SERVICE_TITLES).flatMap(([service, titles]) => titles.map((title) => [service, title] as const));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tag = runTag();
  const started = new Date();
  const now = started.toISOString();
  // UUIDv7 layout (run time, then n): ascending ids append to the primary keys and account indexes
  // instead of landing on random pages, which on a million rows is the difference between the
  // indexes staying in memory or not.
  const idPrefix = `${started.getTime().toString(16).padStart(12, "0")}7`;

  for (let from = 1; from <= total; from += chunkSize) {
    const to = Math.min(total, from + chunkSize - 1);
    await db.transaction(async (tx) => {
      // A larger GIN pending list merges the trigram entries of a chunk in fewer, bigger passes.
      await tx.execute(sql`SELECT set_config('gin_pending_list_limit', '65536', true), set_config('work_mem', '65536', true)`);
      // Computed once per chunk, then read by the three inserts: the statuses, dates and names
      // must agree between an account and its memberships. h1..h6 are independent hashes of n.
      await tx.execute(sql`
        CREATE TEMP TABLE roster_generated ON COMMIT DROP AS
        WITH p AS (
          SELECT ${now}::timestamptz AS now,
                 ${textArray(pairs.map(([f]) => f))} AS fn, ${textArray(pairs.map(([, l]) => l))} AS ln,
                 ${textArray(pairs.map(([f]) => asciiName(f)))} AS fa, ${textArray(pairs.map(([, l]) => asciiName(l)))} AS la,
                 ${textArray(serviceTitles.map(([s]) => s))} AS sv, ${textArray(serviceTitles.map(([, t]) => t))} AS tt
        ), g AS (
          SELECT n,
                 (hashint8extended(n, 1) & 1073741823)::int AS h1, (hashint8extended(n, 2) & 1073741823)::int AS h2,
                 (hashint8extended(n, 3) & 1073741823)::int AS h3, (hashint8extended(n, 4) & 1073741823)::int AS h4,
                 (hashint8extended(n, 5) & 1073741823)::int AS h5, (hashint8extended(n, 6) & 1073741823)::int AS h6
          FROM generate_series(${from}::bigint, ${to}::bigint) AS n
        ), s AS (
          -- Per mille: 1% disabled, 0.5% locked, 2.5% invited (half expired), 6% never connected,
          -- 25% inactive, the rest active.
          SELECT g.*, p.now, p.fn, p.ln, p.fa, p.la, p.sv, p.tt,
                 CASE WHEN h1 % 1000 < 10 THEN 'disabled' WHEN h1 % 1000 < 15 THEN 'locked'
                      WHEN h1 % 1000 < 28 THEN 'invited' WHEN h1 % 1000 < 40 THEN 'invited_expired'
                      WHEN h1 % 1000 < 100 THEN 'never_connected' WHEN h1 % 1000 < 350 THEN 'inactive'
                      ELSE 'active' END AS st,
                 h5 % 2 = 0 AS via_invitation
          FROM g CROSS JOIN p
        ), t1 AS (
          -- Connected people joined 125+ days ago, so that their first connection (within 20 days)
          -- precedes the inactive ones' 100-day horizon, hence every last connection.
          SELECT s.*, now - CASE st
                   WHEN 'invited' THEN 3600 + h3 % 68400
                   WHEN 'invited_expired' THEN 172800 + h3 % 3715200
                   WHEN 'never_connected' THEN 259200 + h3 % 34300800
                   ELSE 10800000 + h3 % 66960000 END * interval '1 second' AS created_at
          FROM s
        ), t2 AS (
          SELECT t1.*, CASE WHEN st IN ('invited', 'invited_expired') THEN NULL
                            WHEN via_invitation THEN created_at + (3600 + h4 % 68400) * interval '1 second'
                            ELSE created_at END AS joined_at
          FROM t1
        ), t3 AS (
          SELECT t2.*, CASE WHEN st IN ('active', 'inactive', 'locked', 'disabled')
                            THEN joined_at + (600 + h4 % 1727400) * interval '1 second' END AS first_at
          FROM t2
        ), t4 AS (
          SELECT t3.*, CASE st
                   WHEN 'active' THEN now - (300 + h2 % 5184000) * interval '1 second'
                   WHEN 'inactive' THEN first_at + ((h2 % 1000) / 1000.0)::float8 * ((now - interval '100 days') - first_at)
                   WHEN 'locked' THEN now - (172800 + h2 % 3283200) * interval '1 second'
                   WHEN 'disabled' THEN greatest(first_at, now - (432000 + h2 % 25488000) * interval '1 second')
                 END AS last_at
          FROM t3
        )
        SELECT n, st, created_at, joined_at, first_at, last_at, h1, h2, h3, h4, h5,
               (${idPrefix} || lpad(to_hex(n >> 24), 3, '0') || '8' || lpad(to_hex((n >> 12) & 4095), 3, '0')
                 || lpad(to_hex(n & 4095), 3, '0') || substr(md5(${tag} || n), 1, 9))::uuid AS id,
               fn[1 + h6 % ${pairs.length}::int] AS first_name, ln[1 + h6 % ${pairs.length}::int] AS last_name,
               fa[1 + h6 % ${pairs.length}::int] || '.' || la[1 + h6 % ${pairs.length}::int] || '.' || ${tag} || n AS username,
               CASE WHEN (h3 / 1000) % 100 < 92 THEN sv[1 + (h3 / 100000) % ${serviceTitles.length}::int] END AS service,
               CASE WHEN (h3 / 1000) % 100 < 92 THEN tt[1 + (h3 / 100000) % ${serviceTitles.length}::int] END AS title,
               CASE WHEN st = 'locked' THEN now - (3600 + h5 % 126000) * interval '1 second' END AS locked_at,
               CASE WHEN st = 'disabled' THEN last_at + (86400 + h5 % 259200) * interval '1 second' END AS disabled_at,
               CASE WHEN st IN ('invited', 'invited_expired') OR via_invitation THEN created_at END AS invited_at,
               st NOT IN ('invited', 'invited_expired') AND (h1 / 1000) % 100 < 3 AS sso,
               now
        FROM t4
      `);
      await tx.execute(sql`
        INSERT INTO accounts (id, email, username, first_name, last_name, password_hash, password_changed_at,
                              failed_sign_in_count, locked_at, first_connection_at, last_connection_at, sso, created_at, updated_at,
                              home_clientspace_id)
        SELECT id, username || '@gen.' || ${clientspaceSlug} || '.test', username, first_name, last_name,
               CASE WHEN joined_at IS NOT NULL AND NOT sso THEN ${passwordHash} END,
               CASE WHEN joined_at IS NOT NULL AND NOT sso THEN joined_at END,
               CASE WHEN st = 'locked' THEN 10 ELSE 0 END, locked_at, first_at, last_at, sso,
               created_at, greatest(created_at, last_at, locked_at), ${cs.id}::uuid
        FROM roster_generated
      `);
      await tx.execute(sql`
        INSERT INTO clientspace_memberships (clientspace_id, account_id, origin, kind, title, service, phone,
                                             license_type_id, license_start, license_end, disabled, disabled_at,
                                             invited_at, invitation_expires_at, joined_at, created_at, updated_at)
        SELECT ${cs.id}::uuid, id,
               (CASE WHEN (h4 / 1000) % 100 < 62 THEN 'created' WHEN (h4 / 1000) % 100 < 92 THEN 'imported'
                     WHEN (h4 / 1000) % 100 < 97 THEN 'invited' ELSE 'api' END)::membership_origin,
               (CASE WHEN (h5 / 1000) % 100 < 10 THEN 'external' ELSE 'internal' END)::membership_kind,
               title, service,
               CASE WHEN (h5 / 100000) % 10 < 3 THEN '+33 6 ' || to_char(h2 % 100000000, 'FM00 00 00 00') END,
               ${licenseType},
               CASE WHEN ${licenseType} IS NULL THEN NULL WHEN h3 % 10 = 0 THEN now::date + (3 + h4 % 60)
                    WHEN h3 % 10 = 1 THEN now::date - (366 + h4 % 200) ELSE now::date - (1 + h4 % 500) END,
               CASE WHEN ${licenseType} IS NULL THEN NULL WHEN h3 % 10 = 0 THEN now::date + (368 + h4 % 60)
                    WHEN h3 % 10 = 1 THEN now::date - (1 + h4 % 200) ELSE now::date + (10 + h5 % 400) END,
               st = 'disabled', disabled_at,
               invited_at, invited_at + interval '24 hours', joined_at, created_at,
               coalesce(disabled_at, joined_at, created_at)
        FROM roster_generated
      `);
      if (wsRows.length > 0) {
        const ws = sql`((${textArray(wsRows.map((w) => w.id))})::uuid[])`;
        const role = (h: SQL) => sql`CASE WHEN ${h} < 1 THEN ${roleId.get("super_user")!}::uuid WHEN ${h} < 45 THEN ${roleId.get("editor")!}::uuid
                                          WHEN ${h} < 85 THEN ${roleId.get("viewer")!}::uuid ELSE ${roleId.get("no_access")!}::uuid END`;
        // 70% in one workspace, a fifth of those in a second one too.
        await tx.execute(sql`
          INSERT INTO workspace_memberships (workspace_id, account_id, clientspace_id, role_id, created_at)
          SELECT ${ws}[1 + (h2 / 7) % ${wsRows.length}::int], id, ${cs.id}::uuid, ${role(sql`(h4 / 100000) % 100`)}, created_at
          FROM roster_generated WHERE (h1 / 100000) % 100 < 70
          UNION ALL
          SELECT ${ws}[1 + (h2 / 7 + 1) % ${wsRows.length}::int], id, ${cs.id}::uuid, ${role(sql`(h5 / 100000) % 100`)}, created_at
          FROM roster_generated WHERE (h1 / 100000) % 100 < 14 AND ${wsRows.length}::int > 1
        `);
      }
    });
    onProgress?.(to);
  }
  // Fresh planner statistics, or the users page plans its first queries for an empty table.
  if (total > 0) await db.execute(sql`ANALYZE accounts, clientspace_memberships, workspace_memberships`);
}
