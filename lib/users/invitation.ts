import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { accountTokens, clientspaceMemberships as m, clientspaces } from "@/db/schema";
import { hashLinkToken, newLinkToken } from "@/lib/auth/link-token";
import { absoluteUrl, queueEmails } from "@/lib/email";
import { DomainError } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import { throttleInvitation } from "@/lib/throttle/enforce";
import type { WriteContext } from "@/lib/write";
import { actorName, loadTargetUser, refuseUnlessAllowedOn, targetLabel } from "./target";

export const INVITATION_PATH = "/invitation";

export type Invitee = { accountId: string; email: string };

/** The accept page's address for a token; the token travels in the query, like the reset link's. */
export const invitationUrl = (token: string) => absoluteUrl(`${INVITATION_PATH}?token=${encodeURIComponent(token)}`);

/**
 * Sends (or sends again) the invitation of a member of the actor's clientspace who has not joined:
 * a new single-use link valid for the clientspace's `invitationHours`, stored hashed; every
 * earlier link of this account for this clientspace stops working. Marks the membership invited.
 * The caller checks the permission and records the audit event (created / resent / bulk).
 */
export async function issueInvitation(ctx: WriteContext, actor: Actor, invitee: Invitee, options: { now?: Date } = {}): Promise<{ expiresAt: Date }> {
  return issueInvitations(ctx, actor, [invitee], options);
}

/**
 * issueInvitation for many members at once (the import's created users): the same links, state and
 * emails, written with one statement per table instead of one per invitee.
 */
export async function issueInvitations(ctx: WriteContext, actor: Actor, invitees: readonly Invitee[], options: { now?: Date } = {}): Promise<{ expiresAt: Date }> {
  const now = options.now ?? new Date();
  const [space] = await ctx.tx
    .select({ name: clientspaces.name, hours: clientspaces.invitationHours })
    .from(clientspaces)
    .where(eq(clientspaces.id, actor.clientspaceId));
  const expiresAt = new Date(now.getTime() + space.hours * 3_600_000);
  if (invitees.length === 0) return { expiresAt };
  const ids = invitees.map((i) => i.accountId);

  await ctx.tx
    .update(accountTokens)
    .set({ voidedAt: now })
    .where(
      and(
        inArray(accountTokens.accountId, ids),
        eq(accountTokens.clientspaceId, actor.clientspaceId),
        eq(accountTokens.purpose, "invitation"),
        isNull(accountTokens.usedAt),
        isNull(accountTokens.voidedAt),
      ),
    );
  const tokens = invitees.map(() => newLinkToken());
  await ctx.tx.insert(accountTokens).values(
    invitees.map((invitee, i) => ({
      purpose: "invitation" as const,
      tokenHash: hashLinkToken(tokens[i]),
      accountId: invitee.accountId,
      clientspaceId: actor.clientspaceId,
      createdBy: actor.accountId,
      createdAt: now,
      expiresAt,
    })),
  );
  await ctx.tx
    .update(m)
    .set({ invitedAt: now, invitationExpiresAt: expiresAt, version: sql`${m.version} + 1`, updatedAt: sql`now()`, updatedBy: actor.accountId })
    .where(and(eq(m.clientspaceId, actor.clientspaceId), inArray(m.accountId, ids)));
  const inviterName = await actorName(ctx.tx, actor);
  await queueEmails(
    ctx.tx,
    invitees.map((invitee, i) => ({
      clientspaceId: actor.clientspaceId,
      to: invitee.email,
      template: "invitation" as const,
      props: { clientspaceName: space.name, inviterName, acceptUrl: invitationUrl(tokens[i]), expiresInHours: space.hours },
    })),
  );
  return { expiresAt };
}

/** `changed: false` is never returned: a user who cannot be (re)invited is refused with the reason. */
export type ResendResult = { changed: true; expiresAt: Date; /** False for a first invitation. */ resent: boolean };

/**
 * "Resend invitation" (SPEC section 5), from the panel and in bulk: a new link, the old one dead.
 * Refused once the user has joined, since there is nothing left to accept.
 */
export async function resendInvitation(ctx: WriteContext, actor: Actor, input: { userId: string }, options: { now?: Date } = {}): Promise<ResendResult> {
  const target = await loadTargetUser(ctx.tx, actor, input.userId);
  refuseUnlessAllowedOn(actor, "users.invite", target, "You may not invite this user.");
  const label = targetLabel(target) || target.email;
  if (target.joinedAt) throw new DomainError(`${label} has already joined.`, "conflict");
  if (target.disabled) throw new DomainError(`${label} is disabled: enable them before inviting them.`, "conflict");
  // At most 5 an hour to one person, from the panel or a bulk run alike.
  await throttleInvitation(ctx.tx, target.accountId);
  const { expiresAt } = await issueInvitation(ctx, actor, target, options);
  ctx.audit.record({
    action: target.invitedAt ? "user.invitation_resent" : "user.invited",
    targetType: "user",
    targetId: target.accountId,
    targetLabel: label,
    after: { expiresAt: expiresAt.toISOString(), earlierLinksVoided: true },
  });
  return { changed: true, expiresAt, resent: target.invitedAt !== null };
}
