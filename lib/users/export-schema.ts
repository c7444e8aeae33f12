import { z } from "zod";
import { can, type Actor } from "@/lib/permissions";
import { activeFilterCount, loadDirectoryParams, pickFilters, serializeDirectoryParams, type DirectoryFilters } from "./directory-params";

/**
 * What a download of the user list asks for (SPEC section 7), free of server code so that the
 * page's menu and the selection bar build the same URLs that the route reads back.
 * - all: every user the actor may see;
 * - filtered: the users page's current filters, as its own query parameters;
 * - selection: picked ids (a POST form) or "all matching", which is the filters again;
 * - template: the header row alone.
 */
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_SCOPES = ["all", "filtered", "selection", "template"] as const;
export type ExportScope = (typeof EXPORT_SCOPES)[number];

export const EXPORT_PATH = "/admin/users/export";

/**
 * The most picked ids one download accepts: a POST form of 10,000 ids is about 400 KB. Larger sets
 * are "all matching" a filter, which carries no ids at all.
 */
export const MAX_EXPORT_IDS = 10_000;

export type ExportRequest =
  | { format: ExportFormat; scope: "all" | "template" }
  | { format: ExportFormat; scope: "filtered" | "selection"; filters: DirectoryFilters }
  | { format: ExportFormat; scope: "selection"; ids: string[] };

/** The URL of a download by GET (everything but picked ids). */
export function exportHref(format: ExportFormat, scope: ExportScope, filters?: DirectoryFilters): string {
  const base = `${EXPORT_PATH}?format=${format}&scope=${scope}`;
  if (!filters) return base;
  const query = serializeDirectoryParams(filters);
  return query ? `${base}&${query.replace(/^\?/, "")}` : base;
}

const head = z.object({
  format: z.enum(EXPORT_FORMATS, { error: "Choose CSV or Excel." }),
  scope: z.enum(EXPORT_SCOPES, { error: "Choose what to download." }),
});

/** A GET: the filters are read back with the users page's own parsers, nothing else is trusted. */
export function parseExportQuery(params: URLSearchParams): ExportRequest | { error: string } {
  const parsed = head.safeParse({ format: params.get("format"), scope: params.get("scope") });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  const { format, scope } = parsed.data;
  if (scope === "all" || scope === "template") return { format, scope };
  return { format, scope, filters: pickFilters(loadDirectoryParams(params)) };
}

const idsSchema = z
  .array(z.uuid({ error: "This selection cannot be downloaded. Reload the page and select again." }))
  .min(1, "Select at least one user.")
  .max(MAX_EXPORT_IDS, `Select at most ${MAX_EXPORT_IDS.toLocaleString("en")} users, or select all matching a filter.`);

/** A POST from the selection bar: picked ids as repeated `ids` fields. */
export function parseExportForm(form: FormData): ExportRequest | { error: string } {
  const parsed = head.safeParse({ format: form.get("format"), scope: form.get("scope") });
  if (!parsed.success) return { error: parsed.error.issues[0].message };
  if (parsed.data.scope !== "selection") return { error: "Only a selection of users is sent by form." };
  const ids = idsSchema.safeParse(form.getAll("ids"));
  if (!ids.success) return { error: ids.error.issues[0].message };
  return { format: parsed.data.format, scope: "selection", ids: [...new Set(ids.data)] };
}

export type DownloadLinks = { csv: string; xlsx: string };

/** The users page's Download menu for this actor; the route checks again. */
export type DownloadChoices = {
  /** The users matching the page's filters; absent when no filter is set (that is "all"). */
  filtered?: DownloadLinks;
  all?: DownloadLinks;
  template?: DownloadLinks;
};

const links = (scope: ExportScope, filters?: DirectoryFilters): DownloadLinks => ({
  csv: exportHref("csv", scope, filters),
  xlsx: exportHref("xlsx", scope, filters),
});

export function downloadChoicesFor(actor: Actor, filters: DirectoryFilters): DownloadChoices {
  const mayExport = can(actor, "users.export");
  return {
    filtered: mayExport && activeFilterCount(filters) > 0 ? links("filtered", filters) : undefined,
    all: mayExport ? links("all") : undefined,
    template: mayExport || can(actor, "users.import") ? links("template") : undefined,
  };
}
