"use client";

import { useActionState, useState } from "react";
import { useRouter } from "next/navigation";
import { uploadImportAction, type ImportPreview } from "@/app/(console)/admin/users/import/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import { useHydrated } from "@/lib/hooks/use-hydrated";
import { importPath } from "./labels";

const MAX_BYTES = 50 * 1024 * 1024;
const ACCEPT = ".csv,.txt,.xlsx,.xls,.zip";

/**
 * The file upload. A file over the limit is refused here before it travels; the server refuses it
 * too (and everything else it cannot read), and its message is shown as is.
 */
export function UploadForm() {
  const router = useRouter();
  const hydrated = useHydrated();
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const [state, formAction, pending] = useActionState<ActionResult<ImportPreview> | null, FormData>(async (prev, form) => {
    const result = await uploadImportAction(prev, form);
    if (result.ok && result.data) {
      toast.success(result.message);
      router.push(importPath(result.data.job.id));
    } else if (!result.ok) {
      toast.error(result.message);
    }
    return result;
  }, null);

  const refusal = tooLarge ?? (state && !state.ok ? state.message : null);
  return (
    <form
      action={formAction}
      aria-label="Upload a file"
      className="grid gap-4"
      onSubmit={(event) => {
        const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
        if (file && file.size > MAX_BYTES) {
          event.preventDefault();
          setTooLarge(`${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MB; the limit is 50 MB. Split it into smaller files.`);
        } else {
          setTooLarge(null);
        }
      }}
    >
      <Field
        label="File"
        description="CSV, TXT, Excel (.xlsx, .xls), or a .zip holding one .csv or .txt file. 50 MB at most."
        error={state && !state.ok ? state.fieldErrors?.file : undefined}
      >
        <Input name="file" type="file" accept={ACCEPT} required />
      </Field>
      <FormMessage>{refusal}</FormMessage>
      <div>
        <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined}>
          {pending ? "Reading the file…" : "Upload and preview"}
        </Button>
      </div>
    </form>
  );
}
