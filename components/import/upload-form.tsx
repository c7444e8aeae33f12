"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import type { ImportPreview } from "@/app/(console)/admin/users/import/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import { useHydrated } from "@/lib/hooks/use-hydrated";
import { uploadHref } from "@/lib/import/upload-schema";
import { importPath } from "./labels";

const MAX_BYTES = 50 * 1024 * 1024;
const ACCEPT = ".csv,.txt,.xlsx,.xls,.zip";
const NO_FILE = "Choose a file to import.";
const UNREACHABLE = "The file could not be sent: the server did not answer. Check your connection and try again.";

type UploadResult = ActionResult<ImportPreview>;

/**
 * The file posted as it is to the upload route (lib/import/upload-schema.ts), which reads it under
 * its own size limit; the route answers as a server action would, so the refusals are shown alike.
 */
async function sendFile(file: File): Promise<UploadResult> {
  try {
    const response = await fetch(uploadHref(file.name), {
      method: "POST",
      body: file,
      headers: { "content-type": file.type || "application/octet-stream" },
    });
    if (response.headers.get("content-type")?.startsWith("application/json")) return (await response.json()) as UploadResult;
  } catch {
    // Offline, or the connection dropped mid-upload: said below.
  }
  return { ok: false, message: UNREACHABLE };
}

/**
 * The file upload. A file over the limit is refused here before it travels; the server refuses it
 * too (and everything else it cannot read), and its message is shown as is.
 */
export function UploadForm() {
  const router = useRouter();
  const hydrated = useHydrated();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<UploadResult | null>(null);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = (event.currentTarget.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    if (!file) return setState({ ok: false, message: NO_FILE, fieldErrors: { file: [NO_FILE] } });
    if (file.size > MAX_BYTES) {
      return setState({ ok: false, message: `${file.name} is ${(file.size / (1024 * 1024)).toFixed(1)} MB; the limit is 50 MB. Split it into smaller files.` });
    }
    startTransition(async () => {
      const result = await sendFile(file);
      setState(result);
      // A refusal is shown in the form, under the file it is about; a toast would say it twice.
      if (result.ok && result.data) {
        toast.success(result.message);
        router.push(importPath(result.data.job.id));
      }
    });
  };

  const refusal = state && !state.ok ? state : null;
  return (
    <form method="post" onSubmit={submit} aria-label="Upload a file" className="grid gap-4" noValidate>
      <Field label="File" description="CSV, TXT, Excel (.xlsx, .xls), or a .zip holding one .csv or .txt file. 50 MB at most." error={refusal?.fieldErrors?.file}>
        <Input name="file" type="file" accept={ACCEPT} required />
      </Field>
      {/* Said once: a refusal of the field is shown under it, not repeated below the form. */}
      <FormMessage>{refusal?.fieldErrors?.file ? undefined : refusal?.message}</FormMessage>
      <div>
        <Button type="submit" disabled={!hydrated || pending} aria-busy={pending || undefined}>
          {pending ? "Reading the file…" : "Upload and preview"}
        </Button>
      </div>
    </form>
  );
}
