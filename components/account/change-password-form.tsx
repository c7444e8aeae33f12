"use client";

import { useEffect, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { changePasswordAction } from "@/app/(console)/account/password/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import { changePasswordSchema, type ChangePasswordValues } from "@/lib/auth/password-schemas";
import { useHydrated } from "@/lib/hooks/use-hydrated";

const empty: ChangePasswordValues = { currentPassword: "", newPassword: "", confirmPassword: "" };

export function ChangePasswordForm() {
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const form = useForm<ChangePasswordValues>({ resolver: zodResolver(changePasswordSchema), defaultValues: empty });
  const { errors } = form.formState;

  // The server's verdict on a field (wrong current password, policy) shows under that field.
  useEffect(() => {
    if (!result || result.ok || !result.fieldErrors) return;
    for (const [name, messages] of Object.entries(result.fieldErrors)) {
      if (messages?.[0]) form.setError(name as keyof ChangePasswordValues, { message: messages[0] });
    }
  }, [result, form]);

  function onSubmit(values: ChangePasswordValues) {
    startTransition(async () => {
      const res = await changePasswordAction(null, values);
      setResult(res);
      if (res.ok) {
        form.reset(empty);
        toast.success(res.message);
      }
    });
  }

  return (
    <form method="post" noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
      <FormMessage variant={result?.ok ? "success" : "error"}>{result?.message}</FormMessage>
      <Field label="Current password" error={errors.currentPassword?.message}>
        <Input type="password" autoComplete="current-password" {...form.register("currentPassword")} />
      </Field>
      <Field label="New password" error={errors.newPassword?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("newPassword")} />
      </Field>
      <Field label="Confirm new password" error={errors.confirmPassword?.message}>
        <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
      </Field>
      <Button type="submit" disabled={!hydrated || pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
