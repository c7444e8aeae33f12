import { and, eq, gte, isNull, ne, or, sql } from "drizzle-orm";
import { clientspaceMemberships, licenseTypes, type ClientspaceMembership } from "@/db/schema";
import { diff } from "@/lib/audit";
import { DomainError, notFound } from "@/lib/errors";
import type { Actor } from "@/lib/permissions";
import type { WriteContext } from "@/lib/write";
import { UUID_RE } from "./directory-params";
import { authorize, loadMember, updateMember } from "./membership";

/** Dates are calendar days, `YYYY-MM-DD`, as the license columns store them. */
export type SetLicenseInput = { userId: string; licenseTypeId: string; start: string; end: string };
export type RemoveLicenseInput = { userId: string };

const cm = clientspaceMemberships;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

const isDay = (s: string) => DAY_RE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
/** The same "today" as the directory's seat counts (db/queries/users.ts): the UTC calendar day. */
const utcDay = (now: Date) => now.toISOString().slice(0, 10);

function licenseOf(row: ClientspaceMembership) {
  return { licenseTypeId: row.licenseTypeId, licenseStart: row.licenseStart, licenseEnd: row.licenseEnd };
}

/**
 * Assign or change a user's license (SPEC section 5; admins only, never by import). The license
 * type row is locked before the seats are counted: a second admin racing for the last seat waits
 * for the first to commit, then counts the seat the first one took.
 */
export async function setLicense(ctx: WriteContext, actor: Actor, input: SetLicenseInput, now = new Date()): Promise<ClientspaceMembership> {
  const member = await loadMember(ctx, actor, input.userId, { lock: true });
  authorize(actor, "users.changeLicense", member.target);
  if (!isDay(input.start) || !isDay(input.end)) throw new DomainError("Give the license dates as days.", "invalid", { start: ["A date is required."] });
  if (input.start > input.end) throw new DomainError("The license cannot end before it starts.", "invalid", { end: ["The end is before the start."] });
  if (!UUID_RE.test(input.licenseTypeId)) throw notFound("license type");

  const [type] = await ctx.tx
    .select()
    .from(licenseTypes)
    .where(and(eq(licenseTypes.id, input.licenseTypeId), eq(licenseTypes.clientspaceId, actor.clientspaceId)))
    .for("update");
  if (!type) throw notFound("license type");

  const change = diff(licenseOf(member.row), { licenseTypeId: type.id, licenseStart: input.start, licenseEnd: input.end });
  if (!change.changed) return member.row;

  const today = utcDay(now);
  // An already expired license takes no seat, like in the directory's counts.
  if (input.end >= today) {
    const [{ used }] = await ctx.tx
      .select({ used: sql<number>`count(*)::int` })
      .from(cm)
      .where(
        and(
          eq(cm.clientspaceId, actor.clientspaceId),
          eq(cm.licenseTypeId, type.id),
          or(isNull(cm.licenseEnd), gte(cm.licenseEnd, today)),
          // The user's own seat is not a second one when only the dates change.
          ne(cm.accountId, member.row.accountId),
        ),
      );
    if (used >= type.seatLimit) throw new DomainError(`No seat left on ${type.name} (${used}/${type.seatLimit}).`, "conflict");
  }

  const row = await updateMember(ctx, actor, member.row.accountId, change.after);
  ctx.audit.record({
    action: "user.license_changed",
    targetType: "user",
    targetId: row.accountId,
    targetLabel: member.label,
    before: { ...change.before, licenseName: member.row.licenseName },
    after: { ...change.after, licenseName: type.name },
  });
  return row;
}

export async function removeLicense(ctx: WriteContext, actor: Actor, input: RemoveLicenseInput): Promise<ClientspaceMembership> {
  const member = await loadMember(ctx, actor, input.userId, { lock: true });
  authorize(actor, "users.changeLicense", member.target);
  if (!member.row.licenseTypeId) return member.row;

  const row = await updateMember(ctx, actor, member.row.accountId, { licenseTypeId: null, licenseStart: null, licenseEnd: null });
  ctx.audit.record({
    action: "user.license_removed",
    targetType: "user",
    targetId: row.accountId,
    targetLabel: member.label,
    before: { ...licenseOf(member.row), licenseName: member.row.licenseName },
    after: { licenseTypeId: null, licenseStart: null, licenseEnd: null },
  });
  return row;
}
