"use client";

import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { DirectoryFacets } from "@/db/queries/directory-facets";
import { formatDate } from "@/lib/format";
import { NO_LICENSE, type DirectoryFilters } from "@/lib/users/directory-params";
import { NO_FILTERS, useDirectoryUrl, type FilterPatch } from "./directory-url";
import { KIND_LABELS, LICENSE_STATE_LABELS, ORIGIN_LABELS, STATUS_LABELS } from "./labels";

type Chip = { key: string; label: string; remove: FilterPatch };

const YES_NO = { yes: "Yes", no: "No" } as const;

/** One chip per value, so that one status of three can be removed without reopening the filters. */
function filterChips(f: DirectoryFilters, facets: DirectoryFacets): Chip[] {
  const nameOf = (list: { id: string; name: string }[], id: string, unknown: string) => list.find((x) => x.id === id)?.name ?? unknown;
  const each = <K extends "status" | "license" | "licenseState" | "workspace" | "role" | "origin">(
    key: K,
    label: (value: DirectoryFilters[K][number]) => string,
  ): Chip[] =>
    (f[key] as DirectoryFilters[K][number][]).map((value) => ({
      key: `${key}:${value}`,
      label: label(value),
      remove: { [key]: (f[key] as string[]).filter((v) => v !== value) },
    }));
  const date = (key: "firstFrom" | "firstTo" | "lastFrom" | "lastTo", label: string): Chip[] =>
    f[key] ? [{ key, label: `${label} ${formatDate(f[key])}`, remove: { [key]: null } }] : [];

  return [
    ...(f.q ? [{ key: "q", label: `Search: ${f.q}`, remove: { q: null } }] : []),
    ...each("status", (s) => `Status: ${STATUS_LABELS[s]}`),
    ...each("license", (id) => `License: ${id === NO_LICENSE ? "No license" : nameOf(facets.licenseTypes, id, "Unknown license")}`),
    ...each("licenseState", (s) => `License state: ${LICENSE_STATE_LABELS[s]}`),
    ...(f.admin ? [{ key: "admin", label: `Admin access: ${YES_NO[f.admin]}`, remove: { admin: null } }] : []),
    ...(f.auditor ? [{ key: "auditor", label: `Auditor: ${YES_NO[f.auditor]}`, remove: { auditor: null } }] : []),
    ...each("workspace", (id) => `Workspace: ${nameOf(facets.workspaces, id, "Unknown workspace")}`),
    ...each("role", (id) => `Workspace role: ${nameOf(facets.roles, id, "Unknown role")}`),
    ...(f.kind ? [{ key: "kind", label: KIND_LABELS[f.kind], remove: { kind: null } }] : []),
    ...each("origin", (o) => `Origin: ${ORIGIN_LABELS[o]}`),
    ...date("firstFrom", "First connection from"),
    ...date("firstTo", "First connection to"),
    ...date("lastFrom", "Last connection from"),
    ...date("lastTo", "Last connection to"),
    ...(f.never ? [{ key: "never", label: "Never connected", remove: { never: null } }] : []),
  ];
}

export function FilterChips({ facets }: { facets: DirectoryFacets }) {
  const { filters, setFilters } = useDirectoryUrl();
  const chips = filterChips(filters, facets);
  if (chips.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ul aria-label="Active filters" className="flex flex-wrap gap-2">
        {chips.map((chip) => (
          <li key={chip.key} className="inline-flex items-center gap-1 rounded-full border bg-background py-0.5 pl-3 pr-1 text-sm shadow-sm">
            <span className="max-w-64 truncate">{chip.label}</span>
            <button
              type="button"
              aria-label={`Remove filter: ${chip.label}`}
              onClick={() => setFilters(chip.remove)}
              className="inline-flex size-6 items-center justify-center rounded-full text-muted-foreground hover:bg-muted hover:text-foreground"
            >
              <X aria-hidden="true" className="size-3.5" />
            </button>
          </li>
        ))}
      </ul>
      <Button variant="ghost" size="sm" onClick={() => setFilters(NO_FILTERS)}>
        Clear all
      </Button>
    </div>
  );
}
