import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SIGN_IN_MESSAGES } from "@/lib/auth/sign-in";
import { safeCallbackPath } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

const REASONS: Record<string, string> = {
  ended: "Your session has ended. Sign in again.",
  gone: "Your session has ended. Sign in again.",
  disabled: SIGN_IN_MESSAGES.disabled,
  locked: SIGN_IN_MESSAGES.locked,
  "password-changed": "Your password was changed. Sign in with the new one.",
  "password-reset": "Your password was changed. Sign in with the new one.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? REASONS[params.reason] : undefined;
  const callback = safeCallbackPath(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>Sign in</h1>
        </CardTitle>
        <CardDescription>Use your email address or your username.</CardDescription>
      </CardHeader>
      <CardContent>
        <SignInForm callbackPath={callback} notice={reason} />
        <p className="mt-4 text-center text-sm">
          <Link href="/forgot-password" className="text-muted-foreground underline underline-offset-4 hover:text-foreground">
            Forgot your password?
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
