"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { acceptInvitationAction } from "@/app/(auth)/invitation/actions";
import { InvitationLinkProblem } from "@/components/auth/invitation-link-problem";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import {
  choosePasswordSchema,
  currentPasswordSchema,
  type AcceptInvitationResult,
  type ChoosePasswordValues,
  type CurrentPasswordValues,
  type InvitationLinkProblem as Problem,
} from "@/lib/auth/invitation-schemas";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password-policy";
import { useHydrated } from "@/lib/hooks/use-hydrated";

export type InvitationSummary = { clientspaceName: string; email: string; firstName: string; lastName: string; hasPassword: boolean };

type Stage = { name: "summary" } | { name: "password" } | { name: "joined"; notice: string | null } | { name: "problem"; problem: Problem };

/**
 * The invitation page's steps. Opening the page uses nothing up (mail scanners open links too):
 * only "Accept invitation" does, through the server action. A new account then signs in with the
 * password it just chose; an existing account signs in with its own.
 */
export function AcceptInvitationForm({ token, invitation, callbackPath }: { token: string; invitation: InvitationSummary; callbackPath: string }) {
  const hydrated = useHydrated();
  const [stage, setStage] = useState<Stage>({ name: "summary" });
  const name = `${invitation.firstName} ${invitation.lastName}`.trim();

  /** The server's verdict on the link or the membership, for either path; true when it was handled. */
  const onRefused = (res: AcceptInvitationResult & { ok: false }) => {
    if (!res.linkProblem) return false;
    setStage({ name: "problem", problem: res.linkProblem });
    return true;
  };

  if (stage.name === "problem") return <InvitationLinkProblem problem={stage.problem} token={token} />;
  if (stage.name === "joined") {
    return (
      <Card>
        <CardHeader>
          <CardTitle asChild>
            <h1>You have joined {invitation.clientspaceName}</h1>
          </CardTitle>
          <CardDescription>Sign in with your email address or username and your existing password.</CardDescription>
        </CardHeader>
        <CardContent>
          <SignInForm callbackPath={callbackPath} notice={stage.notice ?? undefined} />
        </CardContent>
      </Card>
    );
  }
  if (stage.name === "password") {
    return <ChoosePasswordStep token={token} email={invitation.email} callbackPath={callbackPath} onRefused={onRefused} onJoinedWithoutSignIn={(notice) => setStage({ name: "joined", notice })} />;
  }
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>
            {name ? `${name}, you` : "You"} are invited to join {invitation.clientspaceName}
          </h1>
        </CardTitle>
        <CardDescription>You will sign in to Roster as {invitation.email}.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {invitation.hasPassword ? (
          <JoinExistingAccount
            token={token}
            email={invitation.email}
            clientspaceName={invitation.clientspaceName}
            callbackPath={callbackPath}
            onRefused={onRefused}
            onJoinedWithoutSignIn={(notice) => setStage({ name: "joined", notice })}
          />
        ) : (
          <>
            <p className="text-sm">Accept the invitation to choose your password.</p>
            <Button type="button" disabled={!hydrated} onClick={() => setStage({ name: "password" })}>
              Accept invitation
            </Button>
          </>
        )}
      </CardContent>
    </Card>
  );
}

/**
 * An account that already has a password (a member elsewhere) proves it is theirs with that
 * password, then is signed in with it: the invitation never changes it.
 */
function JoinExistingAccount({
  token,
  email,
  clientspaceName,
  callbackPath,
  onRefused,
  onJoinedWithoutSignIn,
}: {
  token: string;
  email: string;
  clientspaceName: string;
  callbackPath: string;
  onRefused: (res: AcceptInvitationResult & { ok: false }) => boolean;
  onJoinedWithoutSignIn: (notice: string | null) => void;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<CurrentPasswordValues>({ resolver: zodResolver(currentPasswordSchema), defaultValues: { currentPassword: "" } });
  const { errors } = form.formState;

  function onSubmit(values: CurrentPasswordValues) {
    setError(null);
    startTransition(async () => {
      const res = await acceptInvitationAction({ token, currentPassword: values.currentPassword });
      if (!res.ok) {
        if (onRefused(res)) return;
        const message = res.fieldErrors?.currentPassword?.[0];
        if (message) form.setError("currentPassword", { message });
        else setError(res.message);
        return;
      }
      const signedIn = await signIn("credentials", { identifier: res.email, password: values.currentPassword, redirect: false });
      if (!signedIn || signedIn.error) {
        onJoinedWithoutSignIn(`${res.message} Signing you in did not work: sign in below.`);
        return;
      }
      router.replace(callbackPath);
      router.refresh();
    });
  }

  return (
    <form method="post" noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
      <FormMessage>{error}</FormMessage>
      <p className="text-sm">
        You already have a Roster account. Type its password to add {clientspaceName} to it: you keep your password, and nobody at {clientspaceName} sees
        it.
      </p>
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <Field label="Your current password" error={errors.currentPassword?.message}>
        <Input type="password" autoComplete="current-password" autoFocus {...form.register("currentPassword")} />
      </Field>
      <p className="text-sm">
        {/* The invitation link stays usable meanwhile: it is used only when accepted. */}
        <Link href="/forgot-password" className="underline underline-offset-2">
          Forgot your password?
        </Link>
      </p>
      <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined}>
        {pending ? "Joining…" : "Accept invitation and sign in"}
      </Button>
    </form>
  );
}

function ChoosePasswordStep({
  token,
  email,
  callbackPath,
  onRefused,
  onJoinedWithoutSignIn,
}: {
  token: string;
  email: string;
  callbackPath: string;
  onRefused: (res: AcceptInvitationResult & { ok: false }) => boolean;
  onJoinedWithoutSignIn: (notice: string) => void;
}) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ChoosePasswordValues>({ resolver: zodResolver(choosePasswordSchema), defaultValues: { password: "", confirmPassword: "" } });
  const { errors } = form.formState;

  function onSubmit(values: ChoosePasswordValues) {
    setError(null);
    startTransition(async () => {
      const res = await acceptInvitationAction({ token, ...values });
      if (!res.ok) {
        if (onRefused(res)) return;
        // The server's verdict (policy: common password, contains the email or name…) under its field.
        let shown = false;
        for (const field of ["password", "confirmPassword"] as const) {
          const message = res.fieldErrors?.[field]?.[0];
          if (message) {
            form.setError(field, { message });
            shown = true;
          }
        }
        if (!shown) setError(res.message);
        return;
      }
      const signedIn = await signIn("credentials", { identifier: res.email, password: values.password, redirect: false });
      if (!signedIn || signedIn.error) {
        // Joined all the same: say so, and let them sign in by hand.
        onJoinedWithoutSignIn(`${res.message} Signing you in did not work: sign in below.`);
        return;
      }
      router.replace(callbackPath);
      router.refresh();
    });
  }

  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>Choose your password</h1>
        </CardTitle>
        <CardDescription>
          You will sign in as {email}. Use at least {MIN_PASSWORD_LENGTH} characters; avoid common passwords and your email address or name.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <form method="post" noValidate onSubmit={form.handleSubmit(onSubmit)} className="grid gap-4">
          <FormMessage>{error}</FormMessage>
          <Field label="Password" error={errors.password?.message}>
            <Input type="password" autoComplete="new-password" autoFocus {...form.register("password")} />
          </Field>
          <Field label="Confirm password" error={errors.confirmPassword?.message}>
            <Input type="password" autoComplete="new-password" {...form.register("confirmPassword")} />
          </Field>
          <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined}>
            {pending ? "Joining…" : "Join and sign in"}
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
