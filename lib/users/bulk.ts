import { eq } from "drizzle-orm";
import { bulkTargetsAmong, countBulkTargets, nextBulkTargets, type BulkTarget } from "@/db/queries/bulk-targets";
import { normaliseSearch, type DirectoryQuery } from "@/db/queries/users";
import { clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AuditActor, AuditSource } from "@/lib/audit";
import { DomainError, forbidden, notFound } from "@/lib/errors";
import { can, userScope, type Actor } from "@/lib/permissions";
import { runWrite, type WriteContext } from "@/lib/write";
import {
  BULK_BATCH_SIZE,
  BULK_PERMISSIONS,
  MAX_BULK_USERS,
  MAX_REASON_EXAMPLES,
  NOT_FOUND_REASON,
  type BulkActionName,
  type BulkInput,
  type BulkReason,
  type BulkResult,
  type BulkSelection,
} from "./bulk-schema";
import { loadDirectoryParams, pickFilters } from "./directory-params";
import { resendInvitation } from "./invitation";
import { addToWorkspace, loadRole, loadWorkspace, removeFromWorkspace } from "./rights";
import { disableUser, enableUser } from "./status";
import { targetLabel } from "./target";

/**
 * Bulk actions (issue 4): one of the per-user domain functions, run for every user of a selection
 * (picked ids, or "all matching these filters"), each user all or nothing, with a report of what
 * was done and what was skipped and why.
 * A transaction per batch of BULK_BATCH_SIZE users, a savepoint per user: docs/decisions/007-bulk-batching.md.
 */

/** A run stopped by a failure that is not a rule: `partial` is what the committed batches did. */
export class BulkInterrupted extends Error {
  constructor(
    readonly partial: BulkResult,
    cause: unknown,
  ) {
    super("The bulk action stopped before the end.", { cause });
    this.name = "BulkInterrupted";
  }
}

class Tally {
  done = 0;
  private readonly reasons = new Map<string, BulkReason>();

  skip(reason: string, example: string | null, count = 1) {
    const entry = this.reasons.get(reason) ?? { reason, count: 0, examples: [] };
    entry.count += count;
    if (example && entry.examples.length < MAX_REASON_EXAMPLES) entry.examples.push(example);
    this.reasons.set(reason, entry);
  }

  merge(other: Tally) {
    this.done += other.done;
    for (const r of other.reasons.values()) {
      const entry = this.reasons.get(r.reason) ?? { reason: r.reason, count: 0, examples: [] };
      entry.count += r.count;
      entry.examples = [...entry.examples, ...r.examples].slice(0, MAX_REASON_EXAMPLES);
      this.reasons.set(r.reason, entry);
    }
  }

  result(): BulkResult {
    const reasons = [...this.reasons.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
    return { done: this.done, skipped: reasons.reduce((n, r) => n + r.count, 0), reasons: reasons.map((r) => ({ ...r, examples: [...r.examples] })) };
  }
}

const labelOf = (t: BulkTarget) => targetLabel(t) || t.email;

/**
 * A refusal as a reason shared by every user it applies to: the name the message starts with is
 * dropped ("Ada Lovelace has already joined." → "Already joined"), since the report names them.
 */
function reasonOf(err: DomainError, label: string): string {
  if (err.kind === "not_found" && err.message === notFound().message) return NOT_FOUND_REASON;
  let text = err.message.trim().replace(/\.$/, "");
  if (label && text.startsWith(`${label} `)) text = text.slice(label.length + 1).replace(/^(is|has) /, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------- per user

type Plan = {
  input: BulkInput;
  workspace: { id: string; name: string } | null;
  role: { id: string; name: string } | null;
};

/** The per-user domain function: true when the user changed, false when they already were so. */
async function applyTo(ctx: WriteContext, actor: Actor, plan: Plan, userId: string): Promise<boolean> {
  const { input } = plan;
  switch (input.action) {
    case "invite":
      return (await resendInvitation(ctx, actor, { userId })).changed;
    case "disable":
      return (await disableUser(ctx, actor, { userId })).changed;
    case "enable":
      return (await enableUser(ctx, actor, { userId })).changed;
    case "addToWorkspace":
      await addToWorkspace(ctx, actor, { userId, workspaceId: input.workspaceId, roleId: input.roleId });
      return true;
    case "removeFromWorkspace":
      await removeFromWorkspace(ctx, actor, { userId, workspaceId: input.workspaceId });
      return true;
  }
}

const UNCHANGED_REASON: Record<BulkActionName, string> = {
  invite: "Already invited",
  disable: "Already disabled",
  enable: "Already enabled",
  addToWorkspace: "Already in the workspace",
  removeFromWorkspace: "Not in the workspace",
};

/**
 * One user in a savepoint: a refusal rolls back whatever that user's function had written and
 * drops the audit entries it had recorded; anything else is not a refusal and ends the batch.
 */
async function runOne(ctx: WriteContext, actor: Actor, plan: Plan, target: BulkTarget, tally: Tally) {
  const mark = ctx.audit.entries.length;
  const label = labelOf(target);
  try {
    const changed = await ctx.tx.transaction((tx) => applyTo({ ...ctx, tx }, actor, plan, target.accountId));
    if (changed) tally.done += 1;
    else tally.skip(UNCHANGED_REASON[plan.input.action], label);
  } catch (err) {
    ctx.audit.entries.splice(mark);
    if (!(err instanceof DomainError)) throw err;
    const reason = reasonOf(err, label);
    tally.skip(reason, reason === NOT_FOUND_REASON ? null : label);
  }
}

// ---------------------------------------------------------------------------------- the run

export type BulkRunner = {
  db: Db;
  /** Who acts, as the audit log names them. */
  auditActor: AuditActor;
  source: AuditSource;
  /** After each committed batch (the action delivers the emails queued in it). */
  afterBatch?: () => Promise<void>;
};

export type BulkOptions = { now?: Date; batchSize?: number; maxUsers?: number };

const ACTION_VERBS: Record<BulkActionName, string> = {
  invite: "invite",
  disable: "disable",
  enable: "enable",
  addToWorkspace: "add to workspaces",
  removeFromWorkspace: "remove from workspaces",
};

const SUMMARY_ACTIONS: Record<BulkActionName, string> = {
  invite: "users.bulk_invite",
  disable: "users.bulk_disable",
  enable: "users.bulk_enable",
  addToWorkspace: "users.bulk_add_to_workspace",
  removeFromWorkspace: "users.bulk_remove_from_workspace",
};

/**
 * The rules that apply to the whole run, before any user: may the actor do this at all, and in
 * that workspace. Read in a transaction of its own that writes nothing.
 */
async function planFor(runner: BulkRunner, actor: Actor, input: BulkInput): Promise<Plan> {
  const permission = BULK_PERMISSIONS[input.action];
  if (!userScope(actor, "directory.view") || !can(actor, permission)) throw forbidden(`You may not ${ACTION_VERBS[input.action]} users.`);
  if (input.action !== "addToWorkspace" && input.action !== "removeFromWorkspace") return { input, workspace: null, role: null };

  return runWrite(runner.db, runner.auditActor, runner.source, async (ctx) => {
    const workspace = await loadWorkspace(ctx, actor, input.workspaceId);
    if (!can(actor, permission, { workspaceIds: [workspace.id] })) throw forbidden(`You may not manage the users of ${workspace.name}.`);
    const role = input.action === "addToWorkspace" ? await loadRole(ctx, actor, input.roleId) : null;
    return { input, workspace, role };
  });
}

/** The selection as the audit log keeps it: the filters that were set, or how many ids. */
function selectionForAudit(selection: BulkSelection) {
  if (selection.mode === "ids") return { mode: "ids", count: new Set(selection.ids).size };
  const set = Object.entries(selection.filters).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== "" && v !== false));
  return { mode: "filter", filters: Object.fromEntries(set) };
}

/** The targets in batches: the page of a filter after the last one seen, or the next slice of ids. */
type BatchSource = (tx: Db, size: number) => Promise<{ targets: BulkTarget[]; missing: number; last: boolean }>;

function idBatches(query: DirectoryQuery, ids: readonly string[]): BatchSource {
  const sorted = [...new Set(ids)].sort();
  let at = 0;
  return async (tx, size) => {
    const slice = sorted.slice(at, at + size);
    at += slice.length;
    const targets = await bulkTargetsAmong(tx, query, slice);
    return { targets, missing: slice.length - targets.length, last: at >= sorted.length };
  };
}

function filterBatches(query: DirectoryQuery, pattern: string | null, maxUsers: number): BatchSource {
  let after: string | null = null;
  let seen = 0;
  return async (tx, size) => {
    const take = Math.min(size, maxUsers - seen);
    // One more than needed says whether another batch follows.
    const rows = await nextBulkTargets(tx, query, pattern, after, take + 1);
    const targets = rows.slice(0, take);
    seen += targets.length;
    after = targets.at(-1)?.accountId ?? after;
    return { targets, missing: 0, last: rows.length <= take || seen >= maxUsers };
  };
}

/**
 * Runs a bulk action for every user of the selection that the actor's scope reaches, in batches.
 * Refuses the whole run (DomainError, nothing written) when the actor may not do the action at all
 * or the selection exceeds the bound. Throws BulkInterrupted when a failure that is not a rule
 * stops it.
 */
export async function runBulkAction(runner: BulkRunner, actor: Actor, input: BulkInput, options: BulkOptions = {}): Promise<BulkResult> {
  const { db } = runner;
  const batchSize = options.batchSize ?? BULK_BATCH_SIZE;
  const maxUsers = options.maxUsers ?? MAX_BULK_USERS;
  const plan = await planFor(runner, actor, input);

  const [space] = await db.select({ inactivityDays: clientspaces.inactivityDays }).from(clientspaces).where(eq(clientspaces.id, actor.clientspaceId));
  const { selection } = input;
  const query: DirectoryQuery = {
    clientspaceId: actor.clientspaceId,
    scope: userScope(actor, "directory.view")!,
    filters: selection.mode === "filter" ? selection.filters : pickFilters(loadDirectoryParams({})),
    now: options.now ?? new Date(),
    inactivityDays: space?.inactivityDays ?? 90,
  };

  let source: BatchSource;
  if (selection.mode === "ids") {
    if (new Set(selection.ids).size > maxUsers) throw tooMany(maxUsers, "Select fewer users");
    source = idBatches(query, selection.ids);
  } else {
    const pattern = await normaliseSearch(db, selection.filters.q);
    if ((await countBulkTargets(db, query, pattern, maxUsers + 1)) > maxUsers) throw tooMany(maxUsers, "Narrow the filter");
    source = filterBatches(query, pattern, maxUsers);
  }

  const total = new Tally();
  let last = false;
  while (!last) {
    const batch = new Tally();
    try {
      await runWrite(db, runner.auditActor, runner.source, async (ctx) => {
        const next = await source(ctx.tx, batchSize);
        last = next.last;
        for (const target of next.targets) await runOne(ctx, actor, plan, target, batch);
        if (next.missing > 0) batch.skip(NOT_FOUND_REASON, null, next.missing);
        if (last) {
          const sum = new Tally();
          sum.merge(total);
          sum.merge(batch);
          const result = sum.result();
          ctx.audit.record({
            action: SUMMARY_ACTIONS[input.action],
            targetType: "users",
            targetLabel: `${result.done + result.skipped} users`,
            after: {
              selection: selectionForAudit(selection),
              ...(plan.workspace ? { workspaceId: plan.workspace.id, workspace: plan.workspace.name } : {}),
              ...(plan.role ? { roleId: plan.role.id, role: plan.role.name } : {}),
              done: result.done,
              skipped: result.skipped,
              reasons: result.reasons.map(({ reason, count }) => ({ reason, count })),
            },
          });
        }
      });
    } catch (err) {
      throw new BulkInterrupted(total.result(), err);
    }
    total.merge(batch);
    try {
      await runner.afterBatch?.();
    } catch (err) {
      throw new BulkInterrupted(total.result(), err);
    }
  }
  return total.result();
}

function tooMany(maxUsers: number, advice: string) {
  return new DomainError(
    `A bulk action reaches at most ${maxUsers.toLocaleString("en")} users at once. ${advice} and run it again for each part.`,
    "invalid",
  );
}
