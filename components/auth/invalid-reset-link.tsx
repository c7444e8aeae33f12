import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** Shown for an unknown, used, replaced or expired reset link, on the page or after a submit. */
export function InvalidResetLink() {
  return (
    <Card>
      <CardHeader>
        <CardTitle asChild>
          <h1>This link no longer works</h1>
        </CardTitle>
        <CardDescription>This link has expired or was already used. Ask for a new one.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        <p>Reset links are valid for 1 hour and can be used once. Only the newest link sent to you works.</p>
        <p>
          <Link href="/forgot-password" className="font-medium text-primary underline underline-offset-4">
            Ask for a new link
          </Link>
        </p>
        <p>
          <Link href="/sign-in" className="text-muted-foreground underline underline-offset-4">
            Back to sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
