"use client";

import { useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { z } from "zod";
import { applyImportMappingAction, remapImportAction, saveImportMappingAction } from "@/app/(console)/admin/users/import/actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/action";
import type { SavedMapping } from "@/lib/import/mappings";
import { USER_FIELDS, type ColumnMapping, type UserFieldId } from "@/lib/transfer/fields";
import { applyMapping, validateMapping } from "@/lib/transfer/mapping";

const IGNORE = "";
const FIELD_IDS = new Set<string>(USER_FIELDS.map((f) => f.id));

const toMapping = (headers: string[], fields: string[]): ColumnMapping =>
  Object.fromEntries(headers.map((h, k) => [h, FIELD_IDS.has(fields[k]) ? (fields[k] as UserFieldId) : null]));

// Columns by position, not by header: a header may hold a dot, which react-hook-form reads as a path.
const mappingSchema = (headers: string[]) =>
  z.object({ fields: z.array(z.string()) }).superRefine((v, ctx) => {
    for (const message of validateMapping(toMapping(headers, v.fields))) ctx.addIssue({ code: "custom", message, path: ["fields"] });
  });
type MappingValues = { fields: string[] };

const saveSchema = z.object({ name: z.string().trim().min(1, "Give the mapping a name.").max(80, "Keep the name to 80 characters.") });

function useToastedAction() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const run = <T,>(work: () => Promise<ActionResult<T>>, onOk?: () => void) =>
    startTransition(async () => {
      const result = await work();
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(result.message);
      onOk?.();
      router.refresh();
    });
  return { pending, run };
}

/**
 * The mapping step: each column of the file with the field it feeds, or "Ignore". Applying it makes
 * the preview again; it can be saved under a name, and a saved one applied to this file.
 */
export function MappingForm({
  jobId,
  headers,
  mapping,
  problems,
  warnings,
  saved,
  sendInvitations,
}: {
  jobId: string;
  headers: string[];
  mapping: ColumnMapping;
  problems: string[];
  warnings: string[];
  saved: SavedMapping[];
  sendInvitations: boolean;
}) {
  const form = useForm<MappingValues>({
    resolver: zodResolver(mappingSchema(headers)),
    defaultValues: { fields: headers.map((h) => mapping[h] ?? IGNORE) },
  });
  const { pending, run } = useToastedAction();
  const current = toMapping(headers, useWatch({ control: form.control, name: "fields" }));
  const ignored = new Map(applyMapping({ headers, rows: [] }, current).ignored.map((i) => [i.header, i.reason]));
  const options = { sendInvitations };

  const submit = form.handleSubmit((v) => run(() => remapImportAction(null, { jobId, mapping: toMapping(headers, v.fields), options })));
  const errors = form.formState.errors.fields;
  const formProblems = errors ? [errors.message, errors.root?.message].filter((m): m is string => Boolean(m)) : problems;

  return (
    <div className="grid gap-6">
      <form onSubmit={submit} aria-label="Column mapping" className="grid gap-4" noValidate>
        {warnings.map((w) => (
          <p key={w} role="note" className="rounded-md border border-warning/30 bg-warning-subtle px-3 py-2 text-sm text-warning">
            {w}
          </p>
        ))}
        <div className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
          {headers.map((header, k) => (
            <Field key={`${k}:${header}`} label={header} description={ignored.has(header) ? `Ignored: ${ignored.get(header)!.replace(/^ignored: /, "")}` : undefined}>
              <Select {...form.register(`fields.${k}`)}>
                <option value={IGNORE}>Ignore</option>
                {USER_FIELDS.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.header}
                    {f.importable ? "" : " (not imported)"}
                  </option>
                ))}
              </Select>
            </Field>
          ))}
        </div>
        <FormMessage>
          {formProblems.length > 0 && (
            <ul className="grid gap-1">
              {formProblems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </FormMessage>
        <div>
          <Button type="submit" variant="secondary" disabled={pending} aria-busy={pending || undefined}>
            Apply mapping and preview again
          </Button>
        </div>
      </form>
      <div className="grid gap-6 md:grid-cols-2">
        <SaveMappingForm mapping={current} />
        <ApplySavedForm jobId={jobId} saved={saved} options={options} />
      </div>
    </div>
  );
}

function SaveMappingForm({ mapping }: { mapping: ColumnMapping }) {
  const form = useForm<z.input<typeof saveSchema>>({ resolver: zodResolver(saveSchema), defaultValues: { name: "" } });
  const [serverError, setServerError] = useState<string | undefined>();
  const { pending, run } = useToastedAction();
  const submit = form.handleSubmit((v) =>
    run(async () => {
      const result = await saveImportMappingAction(null, { name: v.name, mapping });
      setServerError(result.ok ? undefined : (result.fieldErrors?.name?.[0] ?? result.message));
      return result;
    }, () => form.reset({ name: "" })),
  );
  return (
    <form onSubmit={submit} aria-label="Save mapping as" className="flex flex-wrap items-end gap-2" noValidate>
      <Field label="Save mapping as…" error={form.formState.errors.name?.message ?? serverError} className="min-w-56 flex-1">
        <Input {...form.register("name")} placeholder="e.g. Okta export" />
      </Field>
      <Button type="submit" variant="outline" disabled={pending}>
        Save mapping
      </Button>
    </form>
  );
}

function ApplySavedForm({ jobId, saved, options }: { jobId: string; saved: SavedMapping[]; options: { sendInvitations: boolean } }) {
  const [mappingId, setMappingId] = useState(saved[0]?.id ?? "");
  const { pending, run } = useToastedAction();
  if (saved.length === 0) return <p className="self-end text-sm text-muted-foreground">No saved mapping yet.</p>;
  return (
    <form
      aria-label="Apply saved mapping"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => applyImportMappingAction(null, { jobId, mappingId, options }));
      }}
    >
      <Field label="Saved mapping" className="min-w-56 flex-1">
        <Select value={mappingId} onChange={(e) => setMappingId(e.target.value)}>
          {saved.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </Select>
      </Field>
      <Button type="submit" variant="outline" disabled={pending || !mappingId}>
        Apply saved mapping
      </Button>
    </form>
  );
}
