"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { requestPasswordResetAction } from "@/app/(auth)/forgot-password/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { forgotPasswordSchema, type ForgotPasswordValues } from "@/lib/auth/reset-schemas";
import { useHydrated } from "@/lib/hooks/use-hydrated";

export function ForgotPasswordForm() {
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm<ForgotPasswordValues>({ resolver: zodResolver(forgotPasswordSchema), defaultValues: { email: "" } });
  const { errors } = form.formState;

  function onSubmit(values: ForgotPasswordValues) {
    setError(null);
    startTransition(async () => {
      const res = await requestPasswordResetAction(values);
      if (res.ok) {
        setSent(res.message);
        form.reset({ email: "" });
        return;
      }
      const fieldError = res.fieldErrors?.email?.[0];
      if (fieldError) form.setError("email", { message: fieldError });
      else setError(res.message);
    });
  }

  if (sent) {
    return (
      <div className="grid gap-4">
        <FormMessage variant="success">{sent}</FormMessage>
        <p className="text-sm text-muted-foreground">
          Nothing arrived? Check your spam folder, or{" "}
          <button type="button" className="font-medium text-primary underline underline-offset-4" onClick={() => setSent(null)}>
            ask again
          </button>
          .
        </p>
        <Link href="/sign-in" className="text-sm font-medium text-primary underline underline-offset-4">
          Back to sign in
        </Link>
      </div>
    );
  }

  return (
    <form method="post" noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
      <FormMessage>{error}</FormMessage>
      <Field label="Email address" error={errors.email?.message}>
        <Input type="email" autoComplete="email" autoFocus {...form.register("email")} />
      </Field>
      <Button type="submit" disabled={!hydrated || pending}>
        {pending ? "Sending…" : "Send reset link"}
      </Button>
      <Link href="/sign-in" className="text-center text-sm text-muted-foreground underline underline-offset-4">
        Back to sign in
      </Link>
    </form>
  );
}
