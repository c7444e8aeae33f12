"use client";

import { useState, useTransition } from "react";
import { useQueryStates } from "nuqs";
import { removeFromWorkspaceAction } from "@/app/(console)/admin/users/access-actions";
import { deleteUserAction, deletionBlockersAction, removeFromClientspaceAction } from "@/app/(console)/admin/users/removal-actions";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { ActionResult } from "@/lib/action";
import { plural } from "@/lib/format";
import { panelParsers } from "@/lib/users/directory-params";
import type { UserPanelData } from "@/lib/users/panel";
import type { DeletionCheck } from "@/lib/users/removal";
import { ActionDialog, SubmitRow, useStatusAction } from "./status-dialogs";

type Target = { userId: string; name: string };
type Membership = UserPanelData["workspaces"][number];

/** The user is gone from this clientspace: their panel has nothing left to show. */
function useClosePanel() {
  const [, setPanel] = useQueryStates(panelParsers);
  return () => void setPanel({ user: null, tab: null }, { history: "replace" });
}

// ---------------------------------------------------------------------------------------------
// Remove from one workspace

function RemoveFromWorkspaceForm({ target, memberships, onDone }: { target: Target; memberships: Membership[]; onDone: () => void }) {
  const [workspaceId, setWorkspaceId] = useState(memberships.length === 1 ? memberships[0].workspaceId : "");
  const [state, formAction, pending] = useStatusAction(removeFromWorkspaceAction, onDone);
  const chosen = memberships.find((m) => m.workspaceId === workspaceId);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <Field label="Workspace">
        <Select name="workspaceId" value={workspaceId} onChange={(e) => setWorkspaceId(e.target.value)} required>
          <option value="" disabled>
            Choose a workspace
          </option>
          {memberships.map((m) => (
            <option key={m.workspaceId} value={m.workspaceId}>
              {m.workspaceName} ({m.roleName})
            </option>
          ))}
        </Select>
      </Field>
      <p aria-live="polite" className="text-sm">
        {chosen
          ? `${target.name} loses the ${chosen.roleName} role and everything it gives in ${chosen.workspaceName}. Their other workspaces stay as they are.`
          : "Choose the workspace to remove them from."}
      </p>
      <SubmitRow label={chosen ? `Remove from ${chosen.workspaceName}` : "Remove"} pending={pending} variant="destructive" />
    </form>
  );
}

/** `memberships`: only the workspaces the actor may remove the user from. */
export function RemoveFromWorkspaceButton({ target, memberships }: { target: Target; memberships: Membership[] }) {
  const [open, setOpen] = useState(false);
  if (memberships.length === 0) return null;
  return (
    <ActionDialog
      trigger="Remove from workspace"
      variant="outline"
      title={`Remove ${target.name} from a workspace?`}
      description="They stay in the clientspace and in their other workspaces."
      open={open}
      onOpenChange={setOpen}
    >
      {/* Keyed by the workspaces: after a removal the next opening starts from the ones left. */}
      <RemoveFromWorkspaceForm key={memberships.map((m) => m.workspaceId).join()} target={target} memberships={memberships} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Remove from the clientspace

function RemoveFromClientspaceForm({ target }: { target: Target }) {
  const closePanel = useClosePanel();
  const [state, formAction, pending] = useStatusAction(removeFromClientspaceAction, closePanel);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <SubmitRow label={`Remove ${target.name}`} pending={pending} variant="destructive" />
    </form>
  );
}

export function RemoveFromClientspaceButton({
  target,
  workspaceNames,
  responsibleCount,
}: {
  target: Target;
  workspaceNames: string[];
  responsibleCount: number;
}) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger="Remove from clientspace"
      variant="destructive"
      title={`Remove ${target.name} from the clientspace?`}
      description="They stop being a user of this clientspace. Exactly this happens:"
      open={open}
      onOpenChange={setOpen}
    >
      <ul aria-label="What the removal does" className="grid list-disc gap-1.5 pl-5 text-sm">
        <li>
          {workspaceNames.length > 0
            ? `They lose access to ${workspaceNames.length === 1 ? "the workspace" : "the workspaces"} ${workspaceNames.join(", ")}.`
            : "They are in no workspace here."}
        </li>
        <li>Their rights, license and pending invitation here end; the license seat is freed.</li>
        <li>Their sessions end at once: they must sign in again, also in their other clientspaces.</li>
        <li>Their account and their other clientspaces stay; the audit log keeps their history.</li>
        <li>
          {responsibleCount > 0
            ? `${plural(responsibleCount, "object they are responsible for stays", "objects they are responsible for stay")} assigned to them.`
            : "They are responsible for no object here."}
        </li>
      </ul>
      <RemoveFromClientspaceForm target={target} />
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Delete permanently

function BlockedDeletion({ check }: { check: DeletionCheck }) {
  const { responsible } = check;
  const listed = responsible.workspaces.reduce((n, w) => n + w.count, 0);
  return (
    <div className="grid gap-4 text-sm">
      <p role="alert" className="font-medium">
        {check.label} cannot be deleted yet.
      </p>
      {check.blockers.length > 0 && (
        <ul aria-label="What prevents the deletion" className="grid list-disc gap-1.5 pl-5">
          {check.blockers.map((b) => (
            <li key={b.code}>{b.message}</li>
          ))}
        </ul>
      )}
      {responsible.total > 0 && (
        <section aria-labelledby="reassign-heading" className="grid gap-2">
          <h3 id="reassign-heading" className="font-semibold">
            Reassign {responsible.total === 1 ? "this object" : `these ${responsible.total} objects`} to someone else first
          </h3>
          <ul aria-label="Objects to reassign, by workspace" className="grid gap-3">
            {responsible.workspaces.map((w) => (
              <li key={w.workspaceId} className="rounded-md border p-3">
                <p className="font-medium">
                  {w.workspaceName}: {plural(w.count, "object")}
                </p>
                <ul className="mt-1 grid list-disc gap-0.5 pl-5 text-muted-foreground">
                  {w.objects.map((o) => (
                    <li key={o.id}>
                      {o.name} ({o.kind})
                    </li>
                  ))}
                  {w.count > w.objects.length && <li>and {w.count - w.objects.length} more</li>}
                </ul>
              </li>
            ))}
          </ul>
          {responsible.total > listed && <p>…and {plural(responsible.total - listed, "object")} in other workspaces.</p>}
        </section>
      )}
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button">Close</Button>
        </DialogClose>
      </DialogFooter>
    </div>
  );
}

function ConfirmDeletion({ target, check }: { target: Target; check: DeletionCheck }) {
  const closePanel = useClosePanel();
  const [typed, setTyped] = useState("");
  const [state, formAction, pending] = useStatusAction(deleteUserAction, closePanel);
  const matches = typed.trim().toLowerCase() === check.email.toLowerCase();
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <p className="text-sm">
        The account of {check.label} ({check.email}) is erased with its workspace roles, rights, license and sign-in links. This cannot
        be undone. The audit log keeps its events, with their name.
      </p>
      <Field label={`Type ${check.email} to confirm`} error={state && !state.ok ? state.fieldErrors?.confirmEmail : undefined}>
        <Input name="confirmEmail" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} required />
      </Field>
      <SubmitRow label="Delete permanently" pending={pending} variant="destructive" disabled={!matches} />
    </form>
  );
}

/** Opening the dialog asks the server what blocks the deletion now; it answers again on delete. */
export function DeleteUserButton({ target }: { target: Target }) {
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult<DeletionCheck> | null>(null);
  const [loading, startLoading] = useTransition();

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    setResult(null);
    if (!next) return;
    startLoading(async () => {
      try {
        setResult(await deletionBlockersAction({ userId: target.userId }));
      } catch (err) {
        console.error("Loading the deletion check failed", err);
        setResult({ ok: false, message: "The check could not be loaded. Close this dialog and try again." });
      }
    });
  };

  const check = result?.ok ? result.data : undefined;
  return (
    <ActionDialog
      trigger="Delete permanently"
      variant="destructive"
      title={`Delete ${target.name} permanently?`}
      description="Only an account created in this clientspace and responsible for no object can be deleted."
      open={open}
      onOpenChange={onOpenChange}
    >
      {loading || !result ? (
        <p role="status" className="text-sm text-muted-foreground">
          Checking what the deletion would affect…
        </p>
      ) : !check ? (
        <FormMessage>{result.message}</FormMessage>
      ) : check.canDelete ? (
        <ConfirmDeletion target={target} check={check} />
      ) : (
        <BlockedDeletion check={check} />
      )}
    </ActionDialog>
  );
}
