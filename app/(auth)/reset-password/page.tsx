import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { InvalidResetLink } from "@/components/auth/invalid-reset-link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { isResetLinkUsable } from "@/lib/users/reset-password";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";
// The token is in the address: never send it on to another site.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer", robots: { index: false } };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  // Only looks at the link: mail scanners open it too. The form's POST is what uses it up.
  if (!token || token.length > 512 || !(await isResetLinkUsable(await getDb(), token))) return <InvalidResetLink />;
  return <ResetPasswordForm token={token} />;
}
