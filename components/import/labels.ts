import type { BadgeVariant } from "@/components/ui/badge";
import { USER_FIELDS } from "@/lib/transfer/fields";
import type { ImportJobStatus } from "@/lib/import/job";
import type { Outcome } from "@/lib/import/preview";

export const OUTCOMES: readonly Outcome[] = ["create", "update", "unchanged", "error"];

export const OUTCOME_LABEL: Record<Outcome, string> = { create: "Create", update: "Update", unchanged: "Unchanged", error: "Error" };
export const OUTCOME_BADGE: Record<Outcome, BadgeVariant> = { create: "success", update: "info", unchanged: "neutral", error: "danger" };

export const STATUS_LABEL: Record<ImportJobStatus["status"], string> = {
  uploaded: "Being prepared",
  previewed: "Not started",
  running: "Running",
  cancelling: "Cancelling",
  completed: "Completed",
  cancelled: "Cancelled",
  interrupted: "Interrupted",
  failed: "Failed",
};

export const STATUS_BADGE: Record<ImportJobStatus["status"], BadgeVariant> = {
  uploaded: "neutral",
  previewed: "neutral",
  running: "info",
  cancelling: "warning",
  completed: "success",
  cancelled: "warning",
  interrupted: "danger",
  failed: "danger",
};

export const importPath = (jobId: string) => `/admin/users/import/${jobId}`;

/** The statuses after which a job no longer changes (lib/import/job.ts FINISHED, which the browser cannot import). */
export const FINISHED_STATUSES: readonly ImportJobStatus["status"][] = ["cancelled", "completed", "interrupted", "failed"];

const HEADER_OF = new Map<string, string>(USER_FIELDS.map((f) => [f.id, f.header]));
/** A change's field as the file's header names it ("title" → "Title"); workspace changes keep their text. */
export const fieldLabel = (field: string) =>
  HEADER_OF.get(field) ?? (field === "kind" ? "Internal/External" : field.startsWith("workspace ") ? `Workspace ${field.slice("workspace ".length)}` : field);
