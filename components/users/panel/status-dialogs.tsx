"use client";

import { useActionState, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Copy } from "lucide-react";
import {
  disableUserAction,
  enableUserAction,
  resetPasswordAction,
  sendResetLinkAction,
  unlockUserAction,
} from "@/app/(console)/admin/users/status-actions";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog, DialogClose, DialogContent, DialogFooter, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import { useHydrated } from "@/lib/hooks/use-hydrated";
import { OnceShownPassword, useCopy } from "./once-shown-password";

type Target = { userId: string; name: string };
type Generated = { generatedPassword?: string };
type FormAction<T> = (prev: ActionResult<T> | null, payload: FormData) => Promise<ActionResult<T>>;

/**
 * Runs a server action from a form: on success a toast, the page refreshed (panel and table),
 * and `onDone` with the result; on failure the result stays in the state for the form to show.
 */
export function useStatusAction<T>(action: FormAction<T>, onDone: (result: ActionResult<T> & { ok: true }) => void) {
  const router = useRouter();
  return useActionState<ActionResult<T> | null, FormData>(async (prev, formData) => {
    const result = await action(prev, formData);
    if (result.ok) {
      toast.success(result.message);
      onDone(result);
      router.refresh();
    }
    return result;
  }, null);
}

export function ActionDialog({
  trigger,
  variant = "outline",
  title,
  description,
  open,
  onOpenChange,
  children,
}: {
  trigger: string;
  variant?: ButtonVariant;
  title: string;
  description: ReactNode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant={variant}>
          {trigger}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description={description}>
        {children}
      </DialogContent>
    </Dialog>
  );
}

/** Cancel and the submit button; `disabled` holds the submit back until the form allows it. */
export function SubmitRow({
  label,
  pending,
  variant = "primary",
  disabled = false,
}: {
  label: string;
  pending: boolean;
  variant?: ButtonVariant;
  disabled?: boolean;
}) {
  const hydrated = useHydrated();
  return (
    <DialogFooter>
      <DialogClose asChild>
        <Button type="button" variant="outline">
          Cancel
        </Button>
      </DialogClose>
      <Button type="submit" variant={variant} disabled={!hydrated || pending || disabled} aria-busy={pending || undefined}>
        {pending ? "Working…" : label}
      </Button>
    </DialogFooter>
  );
}

// ---------------------------------------------------------------------------------------------
// Disable / enable

function StatusForm({ target, disabled, onDone }: { target: Target; disabled: boolean; onDone: () => void }) {
  const [state, formAction, pending] = useStatusAction(disabled ? enableUserAction : disableUserAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <SubmitRow label={disabled ? `Enable ${target.name}` : `Disable ${target.name}`} pending={pending} variant={disabled ? "primary" : "destructive"} />
    </form>
  );
}

export function StatusButton({ target, disabled }: { target: Target; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger={disabled ? "Enable" : "Disable"}
      title={disabled ? `Enable ${target.name}?` : `Disable ${target.name}?`}
      description={
        disabled
          ? "They will be able to sign in again with their current password. Their history is unchanged."
          : "They will be signed out at once and cannot sign in until enabled. Their history is kept."
      }
      open={open}
      onOpenChange={setOpen}
    >
      {/* Keyed by status: a refresh that flips it starts a fresh form. */}
      <StatusForm key={String(disabled)} target={target} disabled={disabled} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Generated password, shown once

function GeneratedPasswordView({ name, password }: { name: string; password: string }) {
  const { copied, copy } = useCopy();
  return (
    <div className="grid gap-4">
      <OnceShownPassword label={`New password of ${name}`} name={name} password={password} copied={copied} />
      <DialogFooter>
        <Button type="button" variant="outline" onClick={() => void copy(password)}>
          <Copy aria-hidden="true" />
          {copied ? "Copied" : "Copy"}
        </Button>
        <DialogClose asChild>
          <Button type="button">Done</Button>
        </DialogClose>
      </DialogFooter>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Password fields: typed twice, or generated

function PasswordChoice({
  passwordName,
  generate,
  onGenerateChange,
  errors,
}: {
  passwordName: "password" | "newPassword";
  generate: boolean;
  onGenerateChange: (generate: boolean) => void;
  errors?: Record<string, string[] | undefined>;
}) {
  return (
    <>
      <Field label="Generate a password" orientation="horizontal" description="A strong password is created and shown to you once.">
        <Checkbox checked={generate} onCheckedChange={(checked) => onGenerateChange(checked === true)} />
      </Field>
      {!generate && (
        <>
          <Field label="New password" description="At least 12 characters, not a common password, without the user’s name or email." error={errors?.[passwordName]}>
            <Input type="password" name={passwordName} autoComplete="new-password" required />
          </Field>
          <Field label="Confirm new password" error={errors?.confirm}>
            <Input type="password" name="confirm" autoComplete="new-password" required />
          </Field>
        </>
      )}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Unlock

function UnlockForm({ target, onDone }: { target: Target; onDone: (result: ActionResult<Generated> & { ok: true }) => void }) {
  const [setPassword, setSetPassword] = useState(false);
  const [generate, setGenerate] = useState(false);
  const [state, formAction, pending] = useStatusAction(unlockUserAction, onDone);
  const mode = !setPassword ? "keep" : generate ? "generate" : "typed";
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <input type="hidden" name="mode" value={mode} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <Field label="Also set a new password" orientation="horizontal" description="Their other sessions will end.">
        <Checkbox checked={setPassword} onCheckedChange={(checked) => setSetPassword(checked === true)} />
      </Field>
      {setPassword && (
        <PasswordChoice passwordName="newPassword" generate={generate} onGenerateChange={setGenerate} errors={state && !state.ok ? state.fieldErrors : undefined} />
      )}
      <SubmitRow label={`Unlock ${target.name}`} pending={pending} />
    </form>
  );
}

export function UnlockButton({ target, locked }: { target: Target; locked: boolean }) {
  const [open, setOpen] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) setGenerated(null);
  };
  // Once unlocked the button goes, but not while the dialog still shows the generated password.
  if (!locked && !open) return null;
  return (
    <ActionDialog
      trigger="Unlock"
      title={`Unlock ${target.name}?`}
      description="Their account was locked after too many failed sign-ins. Unlocking lets them sign in again and resets the count of failed attempts."
      open={open}
      onOpenChange={onOpenChange}
    >
      {generated ? (
        <GeneratedPasswordView name={target.name} password={generated} />
      ) : (
        <UnlockForm
          target={target}
          onDone={(result) => {
            if (result.data?.generatedPassword) setGenerated(result.data.generatedPassword);
            else setOpen(false);
          }}
        />
      )}
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Reset password

function ResetForm({ target, onDone }: { target: Target; onDone: (result: ActionResult<Generated> & { ok: true }) => void }) {
  const [generate, setGenerate] = useState(false);
  const [state, formAction, pending] = useStatusAction(resetPasswordAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <input type="hidden" name="mode" value={generate ? "generate" : "typed"} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <PasswordChoice passwordName="password" generate={generate} onGenerateChange={setGenerate} errors={state && !state.ok ? state.fieldErrors : undefined} />
      <SubmitRow label="Reset password" pending={pending} />
    </form>
  );
}

export function ResetPasswordButton({ target }: { target: Target }) {
  const [open, setOpen] = useState(false);
  const [generated, setGenerated] = useState<string | null>(null);
  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) setGenerated(null);
  };
  return (
    <ActionDialog
      trigger="Reset password"
      title={`Reset the password of ${target.name}?`}
      description="The new password works at once. All their sessions end, and they get an email saying that you changed it."
      open={open}
      onOpenChange={onOpenChange}
    >
      {generated ? (
        <GeneratedPasswordView name={target.name} password={generated} />
      ) : (
        <ResetForm
          target={target}
          onDone={(result) => {
            if (result.data?.generatedPassword) setGenerated(result.data.generatedPassword);
            else setOpen(false);
          }}
        />
      )}
    </ActionDialog>
  );
}

// ---------------------------------------------------------------------------------------------
// Send a reset link: the person chooses their password themselves

function ResetLinkForm({ target, onDone }: { target: Target; onDone: () => void }) {
  const [state, formAction, pending] = useStatusAction(sendResetLinkAction, onDone);
  return (
    <form action={formAction} className="grid gap-4">
      <input type="hidden" name="userId" value={target.userId} />
      <FormMessage>{state && !state.ok ? state.message : null}</FormMessage>
      <SubmitRow label="Send reset link" pending={pending} />
    </form>
  );
}

export function SendResetLinkButton({ target, email }: { target: Target; email: string }) {
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      trigger="Send reset link"
      title={`Send ${target.name} a link to reset their password?`}
      description={`An email goes to ${email} with a link valid for 1 hour. They choose the new password themselves; nobody else sees it. Earlier links stop working.`}
      open={open}
      onOpenChange={setOpen}
    >
      <ResetLinkForm target={target} onDone={() => setOpen(false)} />
    </ActionDialog>
  );
}
