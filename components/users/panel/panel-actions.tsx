import type { ReactElement } from "react";
import { SheetFooter } from "@/components/ui/sheet";
import type { PanelAction, UserPanelData } from "@/lib/users/panel";
import {
  ChangeLicenseButton,
  ChangeRightsButton,
  RemoveLicenseButton,
  WorkspaceAccessButton,
  type LicenseTypeOption,
  type RoleOption,
  type WorkspaceOption,
} from "./access-dialogs";
import { DeleteUserButton, RemoveFromClientspaceButton, RemoveFromWorkspaceButton } from "./removal-dialogs";
import { EditProfileButton } from "./profile-dialog";
import { ResendInvitationButton } from "./invitation-dialog";
import { ResetPasswordButton, SendResetLinkButton, StatusButton, UnlockButton } from "./status-dialogs";

/**
 * Only the actions the permission table allows on this user are shown; the server checks them
 * again when they run, so hiding a button is a courtesy, not the rule.
 */

function ActionGroup({ label, buttons }: { label: string; buttons: (false | ReactElement)[] }) {
  const shown = buttons.filter(Boolean);
  if (shown.length === 0) return null;
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-2">
      {shown}
    </div>
  );
}

const targetOf = (user: UserPanelData["user"]) => ({ userId: user.accountId, name: `${user.firstName} ${user.lastName}`.trim() || user.email });

export function AccessActions({ data, workspaces, roles }: { data: UserPanelData; workspaces: WorkspaceOption[]; roles: RoleOption[] }) {
  const { allowed, user } = data;
  return (
    <ActionGroup
      label="Change access"
      buttons={[
        allowed.includes("changeClientspaceRights") && <ChangeRightsButton key="rights" target={targetOf(user)} user={user} />,
        (allowed.includes("addToWorkspace") || allowed.includes("changeWorkspaceRole") || allowed.includes("removeFromWorkspace")) && (
          <WorkspaceAccessButton key="workspaces" target={targetOf(user)} memberships={data.workspaces} workspaces={workspaces} roles={roles} />
        ),
      ]}
    />
  );
}

export function LicenseActions({ data, licenseTypes }: { data: UserPanelData; licenseTypes: LicenseTypeOption[] }) {
  const { allowed, user } = data;
  const may = allowed.includes("changeLicense");
  return (
    <ActionGroup
      label="Change license"
      buttons={[
        may && <ChangeLicenseButton key="license" target={targetOf(user)} user={user} licenseTypes={licenseTypes} />,
        may && user.licenseTypeId !== null && <RemoveLicenseButton key="remove" target={targetOf(user)} licenseName={user.licenseName} />,
      ]}
    />
  );
}

export function PanelFooterActions({ data }: { data: UserPanelData }) {
  const { allowed, user } = data;
  const may = (a: PanelAction) => allowed.includes(a);
  const target = targetOf(user);
  const buttons = [
    may("editProfile") && (
      <EditProfileButton key="edit" user={user} mode={{ kind: "admin", mayEditKind: data.mayEditKind, mayEditEmail: data.mayEditEmail }} />
    ),
    may("resendInvitation") && (
      <ResendInvitationButton key="invitation" target={target} email={user.email} invited={user.invitedAt !== null} hours={data.invitationHours} />
    ),
    may("resetPassword") && <ResetPasswordButton key="password" target={target} />,
    may("sendResetLink") && <SendResetLinkButton key="link" target={target} email={user.email} />,
    // Rendered while unlocked too (it then shows nothing), so that a generated password stays on screen.
    may("unlock") && <UnlockButton key="unlock" target={target} locked={user.lockedAt !== null} />,
    may("changeStatus") && <StatusButton key="status" target={target} disabled={user.status === "disabled"} />,
    may("removeFromWorkspace") && (
      <RemoveFromWorkspaceButton
        key="workspace"
        target={target}
        memberships={data.workspaces.filter((w) => data.removableWorkspaceIds.includes(w.workspaceId))}
      />
    ),
    may("removeFromClientspace") && (
      <RemoveFromClientspaceButton
        key="clientspace"
        target={target}
        workspaceNames={data.workspaces.map((w) => w.workspaceName)}
        responsibleCount={data.statistics.responsibleCount}
      />
    ),
    may("delete") && <DeleteUserButton key="delete" target={target} />,
  ];
  if (!buttons.some(Boolean)) return null;
  return (
    <SheetFooter className="sm:flex-col sm:items-start">
      {/* Once they have joined: before, an invitee from elsewhere looks like any new invitee. */}
      {!data.isHome && user.joinedAt !== null && (may("sendResetLink") || may("changeStatus")) && (
        <p className="text-sm text-muted-foreground">
          Their password, sign-in address and lock are managed by their home organisation.
          {user.lockedAt !== null && " Their account is locked: their home organisation can unlock it."}
        </p>
      )}
      <ActionGroup label={`Actions on ${user.firstName} ${user.lastName}`} buttons={buttons} />
    </SheetFooter>
  );
}
