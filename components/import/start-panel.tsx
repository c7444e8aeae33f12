"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { cancelImportAction, remapImportAction, startImportAction } from "@/app/(console)/admin/users/import/actions";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import type { PreviewCounts } from "@/lib/import/preview";
import type { ColumnMapping } from "@/lib/transfer/fields";

/**
 * Start (or discard) the previewed import. The invitation option is stored with the job, so a
 * changed choice is saved before the run starts.
 */
export function StartPanel({
  jobId,
  mapping,
  counts,
  sendInvitations,
  blocked,
}: {
  jobId: string;
  mapping: ColumnMapping;
  counts: PreviewCounts;
  sendInvitations: boolean;
  blocked: boolean;
}) {
  const router = useRouter();
  const [invite, setInvite] = useState(sendInvitations);
  const [pending, startTransition] = useTransition();
  const toApply = counts.create + counts.update;

  const start = () =>
    startTransition(async () => {
      if (invite !== sendInvitations) {
        const saved = await remapImportAction(null, { jobId, mapping, options: { sendInvitations: invite } });
        if (!saved.ok) return void toast.error(saved.message);
      }
      const result = await startImportAction(null, { jobId });
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
      router.refresh();
    });

  const discard = () =>
    startTransition(async () => {
      const result = await cancelImportAction(null, { jobId });
      if (result.ok) toast.success(result.message);
      else toast.error(result.message);
      router.refresh();
    });

  return (
    <div className="grid gap-4">
      <Field
        label="Send invitations to created users"
        description="Each new user gets an email with a link, valid 24 hours, to set a password."
        orientation="horizontal"
      >
        <Checkbox checked={invite} onCheckedChange={(v) => setInvite(v === true)} disabled={counts.create === 0} />
      </Field>
      <p className="text-sm text-muted-foreground">
        {toApply === 0
          ? "No row creates or updates a user: starting records the report only."
          : `Starting applies ${counts.create.toLocaleString("en")} creations and ${counts.update.toLocaleString("en")} updates; rows with an error are skipped.`}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button type="button" onClick={start} disabled={pending || blocked} aria-busy={pending || undefined}>
          Start import
        </Button>
        <Button type="button" variant="outline" onClick={discard} disabled={pending}>
          Discard
        </Button>
      </div>
      {blocked && <p className="text-sm text-danger">Fix the mapping before starting.</p>}
    </div>
  );
}
