"use client";

import { useState, useTransition } from "react";
import { requestNewInvitationAction } from "@/app/(auth)/invitation/actions";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/ui/form-message";
import { useHydrated } from "@/lib/hooks/use-hydrated";

/** "Ask for a new invitation" on an expired link's page; the answer is the same whatever happened. */
export function RequestInvitationButton({ token }: { token: string }) {
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  if (result?.ok) return <FormMessage variant="success">{result.message}</FormMessage>;
  return (
    <div className="grid gap-3">
      <FormMessage>{result?.message}</FormMessage>
      <Button
        type="button"
        disabled={!hydrated || pending}
        aria-busy={pending || undefined}
        onClick={() => startTransition(async () => setResult(await requestNewInvitationAction({ token })))}
      >
        {pending ? "Asking…" : "Ask for a new invitation"}
      </Button>
    </div>
  );
}
