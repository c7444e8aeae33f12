import type { PanelUserRow } from "@/db/queries/user-panel";
import { formatDateTime } from "@/lib/format";
import type { UserStatus } from "./directory-params";

/** Why a user has their status, and since when: the badge alone does not tell an admin what to do. */
export type StatusReason = { status: UserStatus; since: Date | null; text: string };

type StatusFacts = Pick<
  PanelUserRow,
  "status" | "disabledAt" | "lockedAt" | "invitedAt" | "invitationExpiresAt" | "firstConnectionAt" | "lastConnectionAt" | "createdAt"
>;

export function statusReason(u: StatusFacts, inactivityDays: number): StatusReason {
  const at = formatDateTime;
  switch (u.status) {
    case "disabled":
      return { status: u.status, since: u.disabledAt, text: u.disabledAt ? `Disabled since ${at(u.disabledAt)}` : "Disabled" };
    case "locked":
      return { status: u.status, since: u.lockedAt, text: `Locked since ${at(u.lockedAt)} after too many failed sign-ins` };
    case "invited":
      return { status: u.status, since: u.invitedAt, text: `Invited on ${at(u.invitedAt)}; the link expires ${at(u.invitationExpiresAt)}` };
    case "invitation_expired":
      return { status: u.status, since: u.invitedAt, text: `Invited on ${at(u.invitedAt)}; the link expired ${at(u.invitationExpiresAt)}` };
    case "never_connected":
      return { status: u.status, since: u.createdAt, text: `Never connected (created ${at(u.createdAt)})` };
    case "inactive":
      return {
        status: u.status,
        since: u.lastConnectionAt,
        text: `No sign-in since ${at(u.lastConnectionAt)} (more than ${inactivityDays} days)`,
      };
    case "active":
      return { status: u.status, since: u.lastConnectionAt, text: u.lastConnectionAt ? `Last sign-in ${at(u.lastConnectionAt)}` : "Active" };
  }
}
