"use client";

import type { ReactNode } from "react";
import { ListFilter } from "lucide-react";
import { debounce } from "nuqs";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Popover, PopoverClose, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select } from "@/components/ui/select";
import type { DirectoryFacets } from "@/db/queries/directory-facets";
import { KINDS, LICENSE_STATES, NO_LICENSE, ORIGINS, activeFilterCount, type DirectoryFilters } from "@/lib/users/directory-params";
import { useDirectoryUrl } from "./directory-url";
import { KIND_LABELS, LICENSE_STATE_LABELS, ORIGIN_LABELS, STATUS_DISPLAY_ORDER, STATUS_LABELS } from "./labels";

type Option<T extends string> = { value: T; label: string };

function CheckboxGroup<T extends string>({
  legend,
  options,
  selected,
  onChange,
}: {
  legend: string;
  options: Option<T>[];
  selected: readonly T[];
  onChange: (next: T[]) => void;
}) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-semibold">{legend}</legend>
      {options.length === 0 && <p className="text-sm text-muted-foreground">None in this clientspace.</p>}
      <div className="grid max-h-60 gap-2 overflow-y-auto">
        {options.map((o) => (
          <Field key={o.value} label={o.label} orientation="horizontal">
            <Checkbox
              checked={selected.includes(o.value)}
              onCheckedChange={(checked) => onChange(checked === true ? [...selected, o.value] : selected.filter((v) => v !== o.value))}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}

function ChoiceSelect<T extends string>({
  label,
  anyLabel,
  options,
  value,
  onChange,
}: {
  label: string;
  anyLabel: string;
  options: Option<T>[];
  value: T | null;
  onChange: (next: T | null) => void;
}) {
  return (
    <Field label={label}>
      <Select value={value ?? ""} onChange={(e) => onChange((e.target.value || null) as T | null)}>
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** A date filter as the <input type="date"> value (the URL holds an ISO date, read as UTC midnight). */
const dayValue = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

type DateKey = "firstFrom" | "firstTo" | "lastFrom" | "lastTo";

function DateField({ label, name }: { label: string; name: DateKey }) {
  const { filters, setFilters } = useDirectoryUrl();
  return (
    <Field label={label}>
      <Input
        type="date"
        value={dayValue(filters[name])}
        // Typing a date passes through partial years (0002, 0020…): wait for a pause before querying.
        onChange={(e) =>
          setFilters({ [name]: e.target.value ? new Date(`${e.target.value}T00:00:00Z`) : null }, { limitUrlUpdates: debounce(500) })
        }
      />
    </Field>
  );
}

function Section({ children }: { children: ReactNode }) {
  return <div className="grid content-start gap-4">{children}</div>;
}

const yesNo: Option<"yes" | "no">[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export function FiltersPopover({ facets }: { facets: DirectoryFacets }) {
  const { filters: f, setFilters } = useDirectoryUrl();
  const set = <K extends keyof DirectoryFilters>(key: K) => (value: DirectoryFilters[K] | null) => setFilters({ [key]: value });
  const active = activeFilterCount({ ...f, q: "" });

  return (
    <Popover>
      <PopoverTrigger asChild>
        <Button variant="outline">
          <ListFilter aria-hidden="true" />
          Filters
          {active > 0 && (
            <Badge variant="info">
              {active}
              <span className="sr-only"> active</span>
            </Badge>
          )}
        </Button>
      </PopoverTrigger>
      <PopoverContent aria-label="Filters" className="w-[min(44rem,calc(100vw-2rem))]">
        <div className="grid gap-6 sm:grid-cols-3">
          <Section>
            <CheckboxGroup
              legend="Status"
              options={STATUS_DISPLAY_ORDER.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
              selected={f.status}
              onChange={set("status")}
            />
            <CheckboxGroup
              legend="Origin"
              options={ORIGINS.map((o) => ({ value: o, label: ORIGIN_LABELS[o] }))}
              selected={f.origin}
              onChange={set("origin")}
            />
          </Section>
          <Section>
            <CheckboxGroup
              legend="License"
              options={[...facets.licenseTypes.map((t) => ({ value: t.id, label: t.name })), { value: NO_LICENSE, label: "No license" }]}
              selected={f.license}
              onChange={set("license")}
            />
            <CheckboxGroup
              legend="License state"
              options={LICENSE_STATES.map((s) => ({ value: s, label: LICENSE_STATE_LABELS[s] }))}
              selected={f.licenseState}
              onChange={set("licenseState")}
            />
            <ChoiceSelect label="Admin access" anyLabel="Any" options={yesNo} value={f.admin} onChange={set("admin")} />
            <ChoiceSelect label="Auditor" anyLabel="Any" options={yesNo} value={f.auditor} onChange={set("auditor")} />
            <ChoiceSelect
              label="Internal/External"
              anyLabel="Any"
              options={KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
              value={f.kind}
              onChange={set("kind")}
            />
          </Section>
          <Section>
            <CheckboxGroup
              legend="Workspace"
              options={facets.workspaces.map((w) => ({ value: w.id, label: w.name }))}
              selected={f.workspace}
              onChange={set("workspace")}
            />
            <CheckboxGroup
              legend="Workspace role"
              options={facets.roles.map((r) => ({ value: r.id, label: r.name }))}
              selected={f.role}
              onChange={set("role")}
            />
            <fieldset className="grid gap-3">
              <legend className="mb-2 text-sm font-semibold">Connections</legend>
              <DateField label="First connection from" name="firstFrom" />
              <DateField label="First connection to" name="firstTo" />
              <DateField label="Last connection from" name="lastFrom" />
              <DateField label="Last connection to" name="lastTo" />
              <Field label="Never connected" orientation="horizontal">
                <Checkbox checked={f.never} onCheckedChange={(checked) => setFilters({ never: checked === true || null })} />
              </Field>
            </fieldset>
          </Section>
        </div>
        <div className="mt-6 flex justify-end border-t pt-4">
          <PopoverClose asChild>
            <Button>Done</Button>
          </PopoverClose>
        </div>
      </PopoverContent>
    </Popover>
  );
}
