import { z } from "zod";
import { can, type Actor, type Permission } from "@/lib/permissions";
import { loadDirectoryParams, pickFilters, type DirectoryFilters } from "./directory-params";

/**
 * What a bulk action accepts and answers (lib/users/bulk.ts runs it): free of server code, so the
 * selection bar can show the same bound and read the same result type.
 */

export const BULK_ACTIONS = ["invite", "disable", "enable", "addToWorkspace", "removeFromWorkspace"] as const;
export type BulkActionName = (typeof BULK_ACTIONS)[number];

/** The permission each action needs, with the target user (checked again per user by the domain function). */
export const BULK_PERMISSIONS: Record<BulkActionName, Permission> = {
  invite: "users.invite",
  disable: "users.changeStatus",
  enable: "users.changeStatus",
  addToWorkspace: "users.addToWorkspace",
  removeFromWorkspace: "users.removeFromWorkspace",
};

/**
 * The most users one run may reach: a run is one HTTP request, so it must end in seconds.
 * Measured with bench/bulk.ts (bulk disable, then enable, of N generated Acme users through
 * "all matching", as an admin, batches of 250), on this 2-core machine shared with other builds:
 *   1,000 users  PostgreSQL: disable 4.7 s, enable 4.1 s       PGlite: disable 12.2 s, enable 7.8 s (load 12)
 *   2,000 users  PostgreSQL: disable 9.3-14.9 s (4.7-7.5 ms a user), enable 6.5-13.2 s
 *                PGlite:     disable 10.8 s (5.4 ms a user), enable 8.5 s; 50 s under a load of 12
 *   5,000 users  PostgreSQL: disable 22.7 s, enable 14.4 s
 * So 2,000 users is about 10 s, the most a person should wait on one confirmation and well inside
 * a proxy's request timeout. Larger sets are narrowed by filter and run in parts.
 */
export const MAX_BULK_USERS = 2_000;
export const BULK_BATCH_SIZE = 250;
/** Names shown per skipped reason: enough to recognise the case, never a list of thousands. */
export const MAX_REASON_EXAMPLES = 5;

// ---------------------------------------------------------------------------------- input

/**
 * "All matching" travels as the users page's own query string (serializeDirectoryParams) and is
 * read back with the page's parsers: one definition of a filter, and nothing the client counted.
 */
export const parseSelectionFilters = (query: string): DirectoryFilters => pickFilters(loadDirectoryParams(query));

export const bulkSelectionSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("ids"),
    ids: z
      .array(z.uuid())
      .min(1, "Select at least one user.")
      .max(MAX_BULK_USERS, `Select at most ${MAX_BULK_USERS.toLocaleString("en")} users at once.`),
  }),
  z.object({ mode: z.literal("filter"), filters: z.string().max(8_000).transform(parseSelectionFilters) }),
]);

const selection = bulkSelectionSchema;
export const bulkInputSchema = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["invite", "disable", "enable"]), selection }),
  z.object({
    action: z.literal("addToWorkspace"),
    selection,
    workspaceId: z.uuid({ error: "Choose a workspace." }),
    roleId: z.uuid({ error: "Choose a role." }),
  }),
  z.object({ action: z.literal("removeFromWorkspace"), selection, workspaceId: z.uuid({ error: "Choose a workspace." }) }),
]);

export type BulkSelection = z.output<typeof bulkSelectionSchema>;
export type BulkInput = z.output<typeof bulkInputSchema>;

// ---------------------------------------------------------------------------------- page

export type BulkOption = { id: string; name: string };

/** What the users page lets this actor do in bulk: the actions the permission table allows, and where. */
export type BulkChoices = {
  actions: BulkActionName[];
  /** The workspaces whose users the actor may add and remove (a super-user: their own). */
  workspaces: BulkOption[];
  roles: BulkOption[];
  /** May download the selection (SPEC section 2: auditors too, who change nothing). */
  export: boolean;
};

/** Only what the actor may do at all; the server checks every user again. */
export function bulkChoicesFor(actor: Actor, facets: { workspaces: BulkOption[]; roles: BulkOption[] }): BulkChoices {
  return {
    actions: BULK_ACTIONS.filter((a) => can(actor, BULK_PERMISSIONS[a])),
    workspaces: facets.workspaces
      .filter((w) => can(actor, "users.addToWorkspace", { workspaceIds: [w.id] }))
      .map(({ id, name }) => ({ id, name })),
    roles: facets.roles.map(({ id, name }) => ({ id, name })),
    export: can(actor, "users.export"),
  };
}

// ---------------------------------------------------------------------------------- result

export type BulkReason = { reason: string; count: number; examples: string[] };
export type BulkResult = { done: number; skipped: number; reasons: BulkReason[] };

/** Not in the clientspace, or outside what the actor may see: counted, never named. */
export const NOT_FOUND_REASON = "Not found, or not yours to manage";
