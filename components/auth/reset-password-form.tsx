"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { resetPasswordAction } from "@/app/(auth)/reset-password/actions";
import { InvalidResetLink } from "@/components/auth/invalid-reset-link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { resetPasswordSchema, type ResetPasswordValues } from "@/lib/auth/reset-schemas";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { useHydrated } from "@/lib/hooks/use-hydrated";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [linkInvalid, setLinkInvalid] = useState(false);
  const form = useForm<ResetPasswordValues>({
    resolver: zodResolver(resetPasswordSchema),
    defaultValues: { token, newPassword: "", confirmPassword: "" },
  });
  const { errors } = form.formState;

  function onSubmit(values: ResetPasswordValues) {
    setError(null);
    startTransition(async () => {
      const res = await resetPasswordAction(values);
      if (res.ok) {
        router.replace("/sign-in?reason=password-reset");
        return;
      }
      if (res.linkInvalid) {
        setLinkInvalid(true);
        return;
      }
      // The server's verdict (policy: common password, contains the email or name…) under its field.
      let shown = false;
      for (const name of ["newPassword", "confirmPassword"] as const) {
        const message = res.fieldErrors?.[name]?.[0];
        if (message) {
          form.setError(name, { message });
          shown = true;
        }
      }
      if (!shown) setError(res.message);
    });
  }

  if (linkInvalid) return <InvalidResetLink />;

  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>Choose a new password</h1>
        </CardTitle>
        <CardDescription>
          Use at least {MIN_PASSWORD_LENGTH} characters. Avoid common passwords and your email address or name.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form method="post" noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
          <FormMessage>{error}</FormMessage>
          <input type="hidden" {...form.register("token")} />
          <Field label="New password" error={errors.newPassword?.message}>
            <Input type="password" autoComplete="new-password" autoFocus {...form.register("newPassword")} />
          </Field>
          <Field label="Confirm new password" error={errors.confirmPassword?.message}>
            <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
          </Field>
          <Button type="submit" disabled={!hydrated || pending}>
            {pending ? "Saving…" : "Set new password"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
