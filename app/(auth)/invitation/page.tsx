import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { AcceptInvitationForm } from "@/components/auth/accept-invitation-form";
import { InvitationLinkProblem } from "@/components/auth/invitation-link-problem";
import { safeCallbackPath } from "@/lib/safe-redirect";
import { inspectInvitation } from "@/lib/users/accept-invitation";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";
// The token is in the address: never send it on to another site.
export const metadata: Metadata = { title: "Accept your invitation", referrer: "no-referrer", robots: { index: false } };

export default async function InvitationPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  // Only looks at the link: mail scanners open it too. The "Accept invitation" click is what uses it up.
  const view = await inspectInvitation(await getDb(), token);
  if (view.state !== "usable") return <InvitationLinkProblem problem={view.state} token={token} />;
  const { clientspaceName, email, firstName, lastName, hasPassword } = view;
  return (
    <AcceptInvitationForm
      token={token}
      invitation={{ clientspaceName, email, firstName, lastName, hasPassword }}
      // Where the sign-in form lands without a callback: the app's home, which picks the right page.
      callbackPath={safeCallbackPath(null)}
    />
  );
}
