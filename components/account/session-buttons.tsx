"use client";

import { useActionState } from "react";
import { useRouter } from "next/navigation";
import { endOtherSessionsAction, endSessionAction } from "@/app/(console)/account/sessions/actions";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import { useHydrated } from "@/lib/hooks/use-hydrated";

type FormAction = (prev: ActionResult | null, form: FormData) => Promise<ActionResult>;

/** Runs a session action, tells the outcome in a toast, and refreshes the list. */
function useSessionAction(action: FormAction) {
  const router = useRouter();
  return useActionState<ActionResult | null, FormData>(async (prev, form) => {
    const result = await action(prev, form);
    if (result.ok) toast.success(result.message);
    else toast.error(result.message);
    router.refresh();
    return result;
  }, null);
}

/** "Sign out" on one row; the label names the device for screen readers, who hear the button alone. */
export function EndSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  const [, formAction, pending] = useSessionAction(endSessionAction);
  const hydrated = useHydrated();
  return (
    <form action={formAction} method="post">
      <input type="hidden" name="sessionId" value={sessionId} />
      <Button type="submit" size="sm" variant="outline" disabled={!hydrated || pending} aria-busy={pending || undefined} aria-label={`Sign out ${device}`}>
        {pending ? "Signing out…" : "Sign out"}
      </Button>
    </form>
  );
}

export function EndOtherSessionsButton({ disabled }: { disabled: boolean }) {
  const [, formAction, pending] = useSessionAction(endOtherSessionsAction);
  const hydrated = useHydrated();
  return (
    <form action={formAction} method="post">
      <Button type="submit" variant="outline" disabled={!hydrated || pending || disabled} aria-busy={pending || undefined}>
        {pending ? "Signing out…" : "Sign out all other sessions"}
      </Button>
    </form>
  );
}
