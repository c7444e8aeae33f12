import type { Metadata } from "next";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SESSION_END_REASONS, sessionEndReason } from "@/lib/auth/session-reasons";

export const metadata: Metadata = { title: "Session ended" };

/**
 * Where requireUser sends a session the database no longer backs. Viewing it changes nothing
 * (a link or an image elsewhere must not sign anyone out); the button clears the cookies by POST.
 */
export default async function SessionEndedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const reason = sessionEndReason((await searchParams).reason);
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>Session ended</h1>
        </CardTitle>
        <CardDescription>{SESSION_END_REASONS[reason]}</CardDescription>
      </CardHeader>
      <CardContent>
        <form method="post" action="/session-ended/sign-in-again">
          <input type="hidden" name="reason" value={reason} />
          <Button type="submit" className="w-full">
            Sign in again
          </Button>
        </form>
      </CardContent>
    </Card>
  );
}
