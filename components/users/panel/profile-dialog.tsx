"use client";

import { useState } from "react";
import { ActionDialog } from "./status-dialogs";
import { ProfileForm, type ProfileFormMode, type ProfileUser } from "./profile-form";

/**
 * "Edit profile": in the panel's footer for an admin or super-user, and at /account for a member's
 * own profile. The form is mounted each time the dialog opens, so it starts from the saved values.
 */
export function EditProfileButton({ user, mode }: { user: ProfileUser; mode: ProfileFormMode }) {
  const [open, setOpen] = useState(false);
  const name = `${user.firstName} ${user.lastName}`.trim() || user.email;
  const self = mode.kind === "self";
  return (
    <ActionDialog
      trigger="Edit profile"
      title={self ? "Edit your profile" : `Edit the profile of ${name}`}
      description={
        self
          ? "Your names, title, service and phone. Your email address and internal/external are set by an administrator."
          : "Names apply in every clientspace the person belongs to; title, service, phone and internal/external in this one."
      }
      open={open}
      onOpenChange={setOpen}
    >
      <ProfileForm user={user} mode={mode} onSaved={() => setOpen(false)} />
    </ActionDialog>
  );
}
