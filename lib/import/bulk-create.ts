import { and, eq, inArray, sql } from "drizzle-orm";
import { isForeignKeyViolation, isUniqueViolation } from "@/db/errors";
import { accounts, clientspaceMemberships, roles, workspaceMemberships, workspaces } from "@/db/schema";
import { can, type Actor } from "@/lib/permissions";
import { createUserSchema, type CreateUserValues } from "@/lib/users/create-user-schema";
import { issueInvitations } from "@/lib/users/invitation";
import { targetLabel } from "@/lib/users/target";
import { freeUsernames, usernameBase } from "@/lib/users/username";
import type { WriteContext } from "@/lib/write";
import type { RowPlan } from "./classify";
import { recordsOf, rowsOf } from "@/db/json-records";

/**
 * The batch's new accounts written set-wise (issue 5, requirement 10): what createUser does for
 * one row (lib/users/create-user.ts), done for all of them with a few multi-row statements, since
 * a round trip per row per table made the run 30 times slower than the database's floor.
 *
 * It takes only the rows it can write exactly as createUser would and leaves every other create
 * row (an existing account of another clientspace, anything createUser would refuse) to the
 * per-row path, which gives the same outcome and the same reason as before. Each row is still all
 * or nothing: the set is written in one savepoint and nothing here can refuse one row alone. A
 * constraint violation (a concurrent writer took an email or a username, or deleted a workspace)
 * rolls the savepoint back and the caller runs the whole batch per row: correctness never depends
 * on this path.
 */

export type CreateRow = { rowNumber: number; plan: Extract<RowPlan, { outcome: "create" }> };
export type CreatedRow = { rowNumber: number; accountId: string };
export type BulkCreateResult = { created: CreatedRow[]; perRow: CreateRow[] };

type Ready = { row: CreateRow; v: CreateUserValues; firstName: string; lastName: string };
type Named = { id: string; name: string };

function constraintViolation(err: unknown): boolean {
  return isUniqueViolation(err) || isForeignKeyViolation(err);
}

/** The rows createUser would accept as they stand (its checks, without the database), parsed as it parses them. */
function readyRows(actor: Actor, rows: readonly CreateRow[]): { ready: Ready[]; perRow: CreateRow[] } {
  const ready: Ready[] = [];
  const perRow: CreateRow[] = [];
  const mayCreate = can(actor, "users.create") && can(actor, "users.importCreate");
  for (const row of rows) {
    // An address with an account elsewhere becomes a pending membership: createUser's own path.
    const parsed = mayCreate && row.plan.accountId === null ? createUserSchema.safeParse(row.plan.create) : null;
    const v = parsed?.success ? parsed.data : null;
    const fits =
      v !== null &&
      v.access === "invitation" &&
      !v.licenseTypeId &&
      can(actor, "users.create", { workspaceIds: v.workspaces.map((g) => g.workspaceId) }) &&
      (!(v.isAdmin || v.isAuditor) || can(actor, "users.changeClientspaceRights"));
    if (fits) ready.push({ row, v, firstName: v.firstName.replace(/\s+/g, " "), lastName: v.lastName.replace(/\s+/g, " ") });
    else perRow.push(row);
  }
  return { ready, perRow };
}

/** The batch's workspaces and roles as they are now, of the actor's clientspace only. */
async function loadNamed(ctx: WriteContext, actor: Actor, ready: Ready[]) {
  const workspaceIds = [...new Set(ready.flatMap((r) => r.v.workspaces.map((g) => g.workspaceId)))];
  const roleIds = [...new Set(ready.flatMap((r) => r.v.workspaces.map((g) => g.roleId)))];
  const found = async (rows: Promise<Named[]>) => new Map((await rows).map((r) => [r.id, r]));
  const ws =
    workspaceIds.length === 0
      ? new Map<string, Named>()
      : await found(
          ctx.tx
            .select({ id: workspaces.id, name: workspaces.name })
            .from(workspaces)
            .where(and(eq(workspaces.clientspaceId, actor.clientspaceId), inArray(workspaces.id, workspaceIds))),
        );
  const rs =
    roleIds.length === 0
      ? new Map<string, Named>()
      : await found(ctx.tx.select({ id: roles.id, name: roles.name }).from(roles).where(and(eq(roles.clientspaceId, actor.clientspaceId), inArray(roles.id, roleIds))));
  return { ws, rs };
}

/**
 * Creates the batch's new users it can take (see the top of this file), their audit events
 * recorded in `ctx.audit`. Returns null after a constraint violation: nothing of it stayed, and
 * the caller runs every row per row.
 */
export async function createInBulk(
  ctx: WriteContext,
  actor: Actor,
  rows: readonly CreateRow[],
  options: { sendInvitations: boolean; now: Date },
): Promise<BulkCreateResult | null> {
  const split = readyRows(actor, rows);
  const { ws, rs } = await loadNamed(ctx, actor, split.ready);
  const perRow = [...split.perRow];
  const ready: Ready[] = [];
  // A workspace or role gone since the plan: createUser names it in its refusal.
  for (const r of split.ready) {
    if (r.v.workspaces.every((g) => ws.has(g.workspaceId) && rs.has(g.roleId))) ready.push(r);
    else perRow.push(r.row);
  }
  if (ready.length === 0) return { created: [], perRow };

  const mark = ctx.audit.entries.length;
  try {
    const created = await ctx.tx.transaction(async (tx) => {
      const sp = { ...ctx, tx };
      const usernames = await freeUsernames(
        tx,
        ready.map((r) => usernameBase(r.firstName, r.lastName, r.v.email)),
      );
      const newAccounts = ready.map((r, i) => ({ email: r.v.email, username: usernames[i], first_name: r.firstName, last_name: r.lastName }));
      // Created here, so this clientspace is their home (SPEC section 2), like createUser's.
      const inserted = rowsOf<{ id: string; email: string }>(
        await tx.execute(sql`
          insert into ${accounts} (email, username, first_name, last_name, home_clientspace_id)
          select email, username, first_name, last_name, ${actor.clientspaceId}::uuid from ${recordsOf(newAccounts, "email text, username text, first_name text, last_name text")}
          returning id, email`),
      );
      const idOf = new Map(inserted.map((a) => [a.email, a.id]));
      const ids = ready.map((r) => idOf.get(r.v.email)!);

      // Invited users join when they accept: joined_at stays empty, as createUser leaves it.
      const members = ready.map((r, i) => ({
        account_id: ids[i],
        kind: r.v.kind,
        is_admin: r.v.isAdmin,
        is_auditor: r.v.isAuditor,
        title: r.v.title ?? null,
        service: r.v.service ?? null,
        phone: r.v.phone ?? null,
      }));
      await tx.execute(sql`
        insert into ${clientspaceMemberships} (clientspace_id, account_id, origin, kind, is_admin, is_auditor, title, service, phone, updated_by)
        select ${actor.clientspaceId}::uuid, account_id, 'imported', kind, is_admin, is_auditor, title, service, phone, ${actor.accountId}::uuid
        from ${recordsOf(members, "account_id uuid, kind membership_kind, is_admin boolean, is_auditor boolean, title text, service text, phone text")}`);
      const grants = ready.flatMap((r, i) => r.v.workspaces.map((g) => ({ workspace_id: g.workspaceId, account_id: ids[i], role_id: g.roleId })));
      if (grants.length > 0) {
        await tx.execute(sql`
          insert into ${workspaceMemberships} (workspace_id, account_id, clientspace_id, role_id)
          select workspace_id, account_id, ${actor.clientspaceId}::uuid, role_id from ${recordsOf(grants, "workspace_id uuid, account_id uuid, role_id uuid")}`);
      }

      ready.forEach((r, i) => {
        const account = { email: r.v.email, username: usernames[i], firstName: r.firstName, lastName: r.lastName };
        sp.audit.record({
          action: "user.created",
          targetType: "user",
          targetId: ids[i],
          targetLabel: targetLabel(account) || account.email,
          after: {
            ...account,
            origin: "imported",
            access: "invitation",
            kind: r.v.kind,
            title: r.v.title ?? null,
            service: r.v.service ?? null,
            phone: r.v.phone ?? null,
            isAdmin: r.v.isAdmin,
            isAuditor: r.v.isAuditor,
            workspaces: r.v.workspaces.map((g) => ({ workspaceId: g.workspaceId, workspace: ws.get(g.workspaceId)!.name, roleId: g.roleId, role: rs.get(g.roleId)!.name })),
            license: null,
          },
        });
      });
      if (options.sendInvitations) {
        await issueInvitations(
          sp,
          actor,
          ready.map((r, i) => ({ accountId: ids[i], email: r.v.email })),
          { now: options.now },
        );
      }
      return ready.map((r, i) => ({ rowNumber: r.row.rowNumber, accountId: ids[i] }));
    });
    return { created, perRow };
  } catch (err) {
    ctx.audit.entries.splice(mark);
    if (constraintViolation(err)) return null;
    throw err;
  }
}
