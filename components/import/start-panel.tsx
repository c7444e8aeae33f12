"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { remapImportAction, startImportAction } from "@/app/(console)/admin/users/import/actions";
import { discardImportsAction } from "@/app/(console)/admin/users/import/past-imports-actions";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import type { PreviewCounts } from "@/lib/import/preview";
import type { ColumnMapping } from "@/lib/transfer/fields";
import { plural } from "@/lib/format";

/**
 * Start (or discard) the previewed import. The invitation option is stored with the job, so a
 * changed choice is saved before the run starts.
 */
export function StartPanel({
  jobId,
  mapping,
  counts,
  warned,
  sendInvitations,
  strict,
  blocked,
}: {
  jobId: string;
  mapping: ColumnMapping;
  counts: PreviewCounts;
  /** Rows that go in without some of their values (shown with their warnings in the preview). */
  warned: number;
  sendInvitations: boolean;
  strict: boolean;
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

  // Strict changes what each row does, so the preview is made again at once, not at Start.
  const [strictShown, setStrictShown] = useState(strict);
  const setStrict = (next: boolean) => {
    // Outside the transition: an update inside one shows only when the whole action is done.
    setStrictShown(next);
    startTransition(async () => {
      const saved = await remapImportAction(null, { jobId, mapping, options: { strict: next } });
      if (saved.ok) toast.success(next ? "Strict import: rows with values that cannot be applied are refused." : "Rows with values that cannot be applied go in without them.");
      else {
        toast.error(saved.message);
        setStrictShown(!next);
      }
      router.refresh();
    });
  };

  // A preview left is removed, rows and all (a run's history is kept: only previews go).
  const discard = () =>
    startTransition(async () => {
      const result = await discardImportsAction(null, { jobIds: [jobId] });
      if (!result.ok) {
        toast.error(result.message);
        return router.refresh();
      }
      toast.success(result.message);
      router.push("/admin/users/import");
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
      <Field
        label="Strict: refuse rows with values that cannot be applied"
        description="An unknown workspace or role, or a value that is not true or false, refuses the whole row instead of leaving that value out with a warning."
        orientation="horizontal"
      >
        <Checkbox checked={strictShown} onCheckedChange={(v) => setStrict(v === true)} disabled={pending} />
      </Field>
      <p className="text-sm text-muted-foreground">
        {toApply === 0
          ? "No row creates or updates a user: starting records the report only."
          : `Starting applies ${plural(counts.create, "creation")} and ${plural(counts.update, "update")}; rows with an error are skipped.`}
        {warned > 0 && ` ${warned.toLocaleString("en")} ${warned === 1 ? "row goes" : "rows go"} in without the values named in ${warned === 1 ? "its warning" : "their warnings"}.`}
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
