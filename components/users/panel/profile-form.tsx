"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm, useWatch, type Path } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { RefreshCw } from "lucide-react";
import { updateOwnProfileAction } from "@/app/(console)/account/profile-actions";
import { updateProfileAction } from "@/app/(console)/admin/users/profile-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import { profileFieldsSchema, type ProfileFields, type ProfileFieldsInput } from "@/lib/users/profile-schema";
import type { UserPanelData } from "@/lib/users/panel";
import { KIND_LABELS } from "../labels";
import { SubmitRow } from "./status-dialogs";

export type ProfileUser = Pick<
  UserPanelData["user"],
  "accountId" | "firstName" | "lastName" | "email" | "title" | "service" | "phone" | "kind" | "origin" | "version"
>;

/**
 * Who fills the form: "admin" (an admin or super-user in the panel; email and internal/external
 * when the permission table allows them) or "self" (a member at /account: names, title, service,
 * phone only).
 */
export type ProfileFormMode = { kind: "self" } | { kind: "admin"; mayEditKind: boolean; mayEditEmail: boolean };

type Values = ProfileFieldsInput;
type FieldName = "firstName" | "lastName" | "email" | "title" | "service" | "phone" | "kind";

/** The version and names a save says it was made from: what the server compares (lib/users/profile.ts). */
const baseOf = (user: ProfileUser) => ({ version: user.version, firstName: user.firstName, lastName: user.lastName });

const savedValue = (user: ProfileUser, field: FieldName) => (field === "kind" ? user.kind : (user[field] ?? ""));

function valuesOf(user: ProfileUser, mode: ProfileFormMode): Values {
  const common = { firstName: user.firstName, lastName: user.lastName, title: user.title ?? "", service: user.service ?? "", phone: user.phone ?? "" };
  return mode.kind === "admin" && mode.mayEditKind ? { ...common, kind: user.kind, email: user.email } : common;
}

/**
 * The edit-profile form, for the panel's dialog and for /account. A save says which version it was
 * made from; when someone else saved meanwhile the server refuses with who and when, and the form
 * keeps every typed value and offers "Reload": the page's data is fetched again, the values typed
 * stay, and each field whose saved value now differs shows it, so the edits can be re-applied.
 */
export function ProfileForm({ user, mode, onSaved }: { user: ProfileUser; mode: ProfileFormMode; onSaved: () => void }) {
  const router = useRouter();
  const [saving, startSaving] = useTransition();
  const [reloading, startReload] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  // Pinned when the form opens, so a refresh in the background cannot silently move what the save
  // claims to be based on; released by "Reload", after which the form follows the reloaded data.
  const [pinned, setPinned] = useState<ReturnType<typeof baseOf> | null>(() => baseOf(user));
  const base = pinned ?? baseOf(user);
  const reloaded = pinned === null && !reloading;

  const form = useForm<Values, unknown, ProfileFields>({ resolver: zodResolver(profileFieldsSchema), defaultValues: valuesOf(user, mode) });
  const { errors } = form.formState;
  const typed = useWatch({ control: form.control });

  const admin = mode.kind === "admin" && mode.mayEditKind;
  const emailEditable = admin && mode.mayEditEmail;

  function onSubmit(values: ProfileFields) {
    startSaving(async () => {
      const expectations = { expectedVersion: base.version, expectedNames: { firstName: base.firstName, lastName: base.lastName } };
      const { title, service, phone, firstName, lastName } = values;
      const fields = { firstName, lastName, title, service, phone };
      const res =
        mode.kind === "self"
          ? await updateOwnProfileAction(null, { ...fields, ...expectations })
          : await updateProfileAction(null, {
              ...fields,
              ...expectations,
              userId: user.accountId,
              ...(admin ? { kind: values.kind } : {}),
              ...(emailEditable ? { email: values.email } : {}),
            });
      setResult(res);
      if (res.ok) {
        toast.success(res.message);
        onSaved();
        router.refresh();
        return;
      }
      for (const [name, messages] of Object.entries(res.fieldErrors ?? {})) {
        if (messages?.[0]) form.setError(name as Path<Values>, { message: messages[0] });
      }
    });
  }

  function reload() {
    setResult(null);
    setPinned(null);
    startReload(() => router.refresh());
  }

  /** After a reload, a field whose saved value differs from the one typed says what is saved now. */
  const savedNow = (field: FieldName) => {
    if (!reloaded) return undefined;
    const saved = savedValue(user, field);
    if ((typed[field] ?? "") === saved) return undefined;
    const shown = field === "kind" ? KIND_LABELS[user.kind] : saved;
    return shown ? `Saved now: “${shown}”.` : "Saved now: empty.";
  };

  const conflict = result && !result.ok && result.kind === "conflict";
  const emailChanged = emailEditable && typeof typed.email === "string" && typed.email.trim().toLowerCase() !== user.email.toLowerCase();

  return (
    <form method="post" noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
      {conflict ? (
        <FormMessage>
          <p>{result.message}</p>
          <p className="mt-1">Your values are kept below.</p>
          <Button type="button" size="sm" variant="outline" className="mt-2" onClick={reload} disabled={reloading}>
            <RefreshCw aria-hidden="true" />
            Reload
          </Button>
        </FormMessage>
      ) : (
        <FormMessage>{result && !result.ok ? result.message : null}</FormMessage>
      )}
      {reloading && (
        <p role="status" className="text-sm text-muted-foreground">
          Reloading…
        </p>
      )}
      {reloaded && (
        <p role="status" className="rounded-md border bg-surface px-3 py-2 text-sm">
          Reloaded. Your values are still in the form; where the saved value differs, it is shown under the field. Save to apply yours.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" required error={errors.firstName?.message} description={savedNow("firstName")}>
          <Input autoComplete="off" {...form.register("firstName")} />
        </Field>
        <Field label="Last name" required error={errors.lastName?.message} description={savedNow("lastName")}>
          <Input autoComplete="off" {...form.register("lastName")} />
        </Field>
      </div>
      {admin &&
        (emailEditable ? (
          <Field
            label="Email"
            required
            error={errors.email?.message}
            description={
              savedNow("email") ?? (emailChanged ? "They will be told at both addresses, and will sign in with the new one." : "Their sign-in address.")
            }
          >
            <Input type="email" autoComplete="off" {...form.register("email")} />
          </Field>
        ) : (
          <Field label="Email" description="Managed by their home organisation: only the clientspace that created the account can change it.">
            <Input type="email" value={user.email} readOnly disabled />
          </Field>
        ))}
      <Field label="Title" error={errors.title?.message} description={savedNow("title")}>
        <Input autoComplete="off" {...form.register("title")} />
      </Field>
      <Field label="Service" error={errors.service?.message} description={savedNow("service")}>
        <Input autoComplete="off" {...form.register("service")} />
      </Field>
      <Field label="Phone" error={errors.phone?.message} description={savedNow("phone")}>
        <Input type="tel" autoComplete="off" {...form.register("phone")} />
      </Field>
      {admin && (
        <Field label="Internal or external" error={errors.kind?.message} description={savedNow("kind")}>
          <Select {...form.register("kind")}>
            <option value="internal">{KIND_LABELS.internal}</option>
            <option value="external">{KIND_LABELS.external}</option>
          </Select>
        </Field>
      )}
      <SubmitRow label="Save profile" pending={saving} />
    </form>
  );
}
