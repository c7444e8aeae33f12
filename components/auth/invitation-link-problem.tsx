import Link from "next/link";
import { RequestInvitationButton } from "@/components/auth/request-invitation-button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { InvitationLinkProblem as Problem } from "@/lib/auth/invitation-schemas";

const COPY: Record<Problem, { title: string; description: string }> = {
  used: {
    title: "You have already joined",
    description: "This invitation was accepted already. Sign in with your email address and password.",
  },
  expired: {
    title: "This invitation has expired",
    description: "Invitation links are valid for a limited time, and this one lapsed before it was used.",
  },
  invalid: {
    title: "This link is no longer valid",
    description: "This link is no longer valid (a newer invitation may have been sent). Use the link in the newest invitation email.",
  },
};

/**
 * An invitation link that cannot be accepted, on the page or after a submit. It says what to do
 * next and nothing about the invitation itself: whoever holds a dead link may not be the invitee.
 */
export function InvitationLinkProblem({ problem, token }: { problem: Problem; token: string }) {
  const { title, description } = COPY[problem];
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>{title}</h1>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {problem === "used" && (
          <p>
            <Link href="/sign-in" className="font-medium text-primary underline underline-offset-4">
              Sign in
            </Link>
          </p>
        )}
        {problem === "expired" && (
          <>
            <p>The person who invited you can send a new invitation. Ask for one here and they will be told.</p>
            <RequestInvitationButton token={token} />
          </>
        )}
        {problem === "invalid" && <p>If you cannot find a newer email, ask the person who invited you to send the invitation again.</p>}
        {problem !== "used" && (
          <p>
            <Link href="/sign-in" className="text-muted-foreground underline underline-offset-4">
              Back to sign in
            </Link>
          </p>
        )}
      </CardContent>
    </Card>
  );
}
