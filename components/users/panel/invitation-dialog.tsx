"use client";

import { useState } from "react";
import { resendInvitationAction } from "@/app/(console)/admin/users/invitation-actions";
import { FormMessage } from "@/components/ui/form-message";
import { ActionDialog, SubmitRow, useStatusAction } from "./status-dialogs";

type Target = { userId: string; name: string };

function InvitationForm({ target, label, onDone }: { target: Target; label: string; onDone: () => void }) {
  const [state, formAction, pending] = useStatusAction(resendInvitationAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <SubmitRow label={label} pending={pending} />
    </form>
  );
}

/**
 * Sends the invitation again (or for the first time, to a user added without one). The dialog
 * says exactly what happens: how long the new link lives here, and that the previous one dies.
 */
export function ResendInvitationButton({ target, email, invited, hours }: { target: Target; email: string; invited: boolean; hours: number }) {
  const [open, setOpen] = useState(false);
  const validity = `valid ${hours} ${hours === 1 ? "hour" : "hours"}`;
  return (
    <ActionDialog
      trigger={invited ? "Resend invitation" : "Send invitation"}
      title={invited ? `Resend the invitation to ${target.name}?` : `Send an invitation to ${target.name}?`}
      description={
        invited
          ? `A new link ${validity} is emailed to ${email}; the previous link stops working.`
          : `A link ${validity} is emailed to ${email}, to choose a password and join.`
      }
      open={open}
      onOpenChange={setOpen}
    >
      <InvitationForm key={String(invited)} target={target} label={invited ? "Send new link" : "Send invitation"} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}
