"use client";

import { useEffect } from "react";
import { CircleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * A database outage must never look like an empty directory: say that the list could not be
 * loaded, and offer to fetch it again (`retry` re-runs the server page; `reset` would only
 * re-render the failed result).
 */
export default function UsersError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="rounded-lg border bg-background shadow-sm">
      <EmptyState
        icon={<CircleAlert />}
        title="The users could not be loaded"
        description="Something went wrong on our side. Nothing was changed. Try again in a moment."
        action={<Button onClick={() => retry()}>Try again</Button>}
      />
    </div>
  );
}
