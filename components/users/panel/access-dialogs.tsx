"use client";

import { useRef, useState, type ComponentProps } from "react";
import {
  addToWorkspaceAction,
  changeWorkspaceRoleAction,
  removeFromWorkspaceAction,
  removeLicenseAction,
  setLicenseAction,
  setRightsAction,
} from "@/app/(console)/admin/users/access-actions";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { UserPanelData } from "@/lib/users/panel";
import { ActionDialog, SubmitRow, useStatusAction } from "./status-dialogs";

type Target = { userId: string; name: string };
export type LicenseTypeOption = { id: string; name: string; seatLimit: number };
export type WorkspaceOption = { id: string; name: string };
export type RoleOption = { id: string; name: string };

// ---------------------------------------------------------------------------------------------
// Change license

/** A calendar day, `YYYY-MM-DD`, in UTC like the seat counts. */
const day = (date: Date) => date.toISOString().slice(0, 10);

function LicenseForm({
  target,
  user,
  licenseTypes,
  onDone,
}: {
  target: Target;
  user: UserPanelData["user"];
  licenseTypes: LicenseTypeOption[];
  onDone: () => void;
}) {
  const [state, formAction, pending] = useStatusAction(setLicenseAction, onDone);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // Controlled: React resets a form after its action runs, and a refused form must keep what was typed.
  const [licenseTypeId, setLicenseTypeId] = useState(user.licenseTypeId ?? "");
  const [start, setStart] = useState(() => user.licenseStart ?? day(new Date()));
  const [end, setEnd] = useState(() => {
    const today = new Date();
    return user.licenseEnd ?? day(new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate())));
  });
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <Field label="License type" error={errors?.licenseTypeId}>
        <Select name="licenseTypeId" value={licenseTypeId} onChange={(e) => setLicenseTypeId(e.target.value)} required>
          <option value="" disabled>
            Choose a license type
          </option>
          {licenseTypes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Start date" error={errors?.start}>
        <Input type="date" name="start" value={start} onChange={(e) => setStart(e.target.value)} required />
      </Field>
      <Field label="End date" error={errors?.end}>
        <Input type="date" name="end" value={end} onChange={(e) => setEnd(e.target.value)} required />
      </Field>
      <SubmitRow label="Save" pending={pending} />
    </form>
  );
}

export function ChangeLicenseButton({ target, user, licenseTypes }: { target: Target; user: UserPanelData["user"]; licenseTypes: LicenseTypeOption[] }) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger="Change license"
      title={`Change the license of ${target.name}`}
      description="The license takes a seat of its type from the start date to the end date."
      open={open}
      onOpenChange={setOpen}
    >
      <LicenseForm target={target} user={user} licenseTypes={licenseTypes} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}

function RemoveLicenseForm({ target, onDone }: { target: Target; onDone: () => void }) {
  const [state, formAction, pending] = useStatusAction(removeLicenseAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <SubmitRow label="Remove license" pending={pending} variant="destructive" />
    </form>
  );
}

export function RemoveLicenseButton({ target, licenseName }: { target: Target; licenseName: string | null }) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger="Remove license"
      variant="destructive"
      title={`Remove the license of ${target.name}?`}
      description={`Their ${licenseName ? `${licenseName} ` : ""}license ends now and its seat is freed.`}
      open={open}
      onOpenChange={setOpen}
    >
      <RemoveLicenseForm target={target} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Clientspace rights

function RightsForm({ target, user, onDone }: { target: Target; user: UserPanelData["user"]; onDone: () => void }) {
  const [isAdmin, setIsAdmin] = useState(user.isAdmin);
  const [isAuditor, setIsAuditor] = useState(user.isAuditor);
  const [state, formAction, pending] = useStatusAction(setRightsAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <input type="hidden" name="isAdmin" value={String(isAdmin)} />
      <input type="hidden" name="isAuditor" value={String(isAuditor)} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <Field label="Admin access" orientation="horizontal" description="Manages every user, license and workspace of the clientspace.">
        <Checkbox checked={isAdmin} onCheckedChange={(checked) => setIsAdmin(checked === true)} />
      </Field>
      <Field label="Auditor" orientation="horizontal" description="Reads every user and the audit log, and changes nothing.">
        <Checkbox checked={isAuditor} onCheckedChange={(checked) => setIsAuditor(checked === true)} />
      </Field>
      <SubmitRow label="Save" pending={pending} />
    </form>
  );
}

export function ChangeRightsButton({ target, user }: { target: Target; user: UserPanelData["user"] }) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger="Change clientspace rights"
      title={`Change the clientspace rights of ${target.name}`}
      description="Admin access and auditor apply to the whole clientspace."
      open={open}
      onOpenChange={setOpen}
    >
      {/* Keyed by the saved rights: a refresh that changes them starts a fresh form. */}
      <RightsForm key={`${user.isAdmin}-${user.isAuditor}`} target={target} user={user} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Workspace access

type Membership = UserPanelData["workspaces"][number];

function RoleSelect({ roles, ...props }: { roles: RoleOption[] } & ComponentProps<typeof Select>) {
  return (
    <Select {...props}>
      <option value="" disabled>
        Choose a role
      </option>
      {roles.map((r) => (
        <option key={r.id} value={r.id}>
          {r.name}
        </option>
      ))}
    </Select>
  );
}

/** A role change is saved as soon as it is chosen. */
function MembershipRoleForm({ target, membership, roles }: { target: Target; membership: Membership; roles: RoleOption[] }) {
  const form = useRef<HTMLFormElement>(null);
  const [roleId, setRoleId] = useState(membership.roleId);
  const [state, formAction, pending] = useStatusAction(changeWorkspaceRoleAction, () => {});
  return (
    <form ref={form} action={formAction} className="grid gap-1">
      <input type="hidden" name="userId" value={target.userId} />
      <input type="hidden" name="workspaceId" value={membership.workspaceId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <Field label={`Role in ${membership.workspaceName}`}>
        <RoleSelect
          roles={roles}
          name="roleId"
          value={roleId}
          disabled={pending}
          onChange={(e) => {
            setRoleId(e.target.value);
            queueMicrotask(() => form.current?.requestSubmit());
          }}
        />
      </Field>
    </form>
  );
}

function RemoveMembershipForm({ target, membership, onDone }: { target: Target; membership: Membership; onDone: () => void }) {
  const [state, formAction, pending] = useStatusAction(removeFromWorkspaceAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <input type="hidden" name="workspaceId" value={membership.workspaceId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <SubmitRow label={`Remove from ${membership.workspaceName}`} pending={pending} variant="destructive" />
    </form>
  );
}

function RemoveMembershipButton({ target, membership }: { target: Target; membership: Membership }) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger={`Remove from ${membership.workspaceName}`}
      variant="destructive"
      title={`Remove ${target.name} from ${membership.workspaceName}?`}
      description={`They lose their ${membership.roleName} role and everything it gives in ${membership.workspaceName}.`}
      open={open}
      onOpenChange={setOpen}
    >
      <RemoveMembershipForm target={target} membership={membership} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}

function AddMembershipForm({ target, workspaces, roles }: { target: Target; workspaces: WorkspaceOption[]; roles: RoleOption[] }) {
  const [workspaceId, setWorkspaceId] = useState("");
  const [roleId, setRoleId] = useState("");
  const [state, formAction, pending] = useStatusAction(addToWorkspaceAction, () => {
    setWorkspaceId("");
    setRoleId("");
  });
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} aria-label="Add to a workspace" className="grid gap-3 rounded-md border p-3">
      <h3 className="text-sm font-semibold">Add to a workspace</h3>
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Workspace" error={errors?.workspaceId}>
          <Select name="workspaceId" value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)} required>
            <option value="" disabled>
              Choose a workspace
            </option>
            {workspaces.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Role" error={errors?.roleId}>
          <RoleSelect roles={roles} name="roleId" value={roleId} onChange={(e) => setRoleId(e.target.value)} required />
        </Field>
      </div>
      <div>
        <Button type="submit" size="sm" disabled={pending} aria-busy={pending || undefined}>
          {pending ? "Working…" : "Add"}
        </Button>
      </div>
    </form>
  );
}

export function WorkspaceAccessButton({
  target,
  memberships,
  workspaces,
  roles,
}: {
  target: Target;
  memberships: Membership[];
  workspaces: WorkspaceOption[];
  roles: RoleOption[];
}) {
  const [open, setOpen] = useState(false);
  const joined = new Set(memberships.map((m) => m.workspaceId));
  const others = workspaces.filter((w) => !joined.has(w.id));
  return (
    <ActionDialog
      trigger="Workspace access"
      title={`Workspace access of ${target.name}`}
      description="A role applies in its workspace only. Changes are saved at once."
      open={open}
      onOpenChange={setOpen}
    >
      <div className="grid gap-4">
        {memberships.length === 0 ? (
          <p className="text-sm text-muted-foreground">Not a member of any workspace.</p>
        ) : (
          <ul aria-label="Workspaces" className="grid gap-3">
            {memberships.map((m) => (
              <li key={m.workspaceId} className="flex flex-wrap items-end justify-between gap-2 rounded-md border p-3">
                {/* Keyed by the saved role: a refresh that changes it starts a fresh form. */}
                <MembershipRoleForm key={m.roleId} target={target} membership={m} roles={roles} />
                <RemoveMembershipButton target={target} membership={m} />
              </li>
            ))}
          </ul>
        )}
        {others.length > 0 && <AddMembershipForm target={target} workspaces={others} roles={roles} />}
      </div>
    </ActionDialog>
  );
}
