"use client";

import { useState, useTransition, type ComponentProps } from "react";
import { useRouter } from "next/navigation";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { runBulkUsersAction } from "@/app/(console)/admin/users/bulk-actions";
import { Button, type ButtonVariant } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { SubmitRow } from "./panel/status-dialogs";
import { Field } from "@/components/ui/field";
import { FormMessage } from "@/components/ui/form-message";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { MAX_BULK_USERS, type BulkActionName, type BulkChoices, type BulkOption, type BulkResult } from "@/lib/users/bulk-schema";
import { serializeDirectoryParams } from "@/lib/users/directory-params";
import { formatNumber, formatUserCount } from "./format-count";
import { useDirectorySelection, type DirectorySelection } from "./selection-context";

export type BulkReport = { action: BulkActionName; workspace: string | null; result: BulkResult };

type Copy = { button: string; title: (users: string) => string; confirm: string; variant: ButtonVariant; explain: string };

const COPY: Record<BulkActionName, Copy> = {
  invite: {
    button: "Send invitation",
    title: (users) => `Send an invitation to ${users}?`,
    confirm: "Send invitations",
    variant: "primary",
    explain: "Each user who has not joined yet gets a new link by email; their earlier links stop working. Users who have joined are skipped.",
  },
  disable: {
    button: "Disable",
    title: (users) => `Disable ${users}?`,
    confirm: "Disable",
    variant: "destructive",
    explain:
      "They will be signed out at once and cannot sign in until enabled. Their history is kept. Your own account, the last admin and users already disabled are skipped.",
  },
  enable: {
    button: "Enable",
    title: (users) => `Enable ${users}?`,
    confirm: "Enable",
    variant: "primary",
    explain: "They will be able to sign in again with their current password. Users already enabled are skipped.",
  },
  addToWorkspace: {
    button: "Add to workspace",
    title: (users) => `Add ${users} to a workspace?`,
    confirm: "Add to workspace",
    variant: "primary",
    explain: "Each user gets the chosen role in the workspace. Users already in it keep their role and are skipped.",
  },
  removeFromWorkspace: {
    button: "Remove from workspace",
    title: (users) => `Remove ${users} from a workspace?`,
    confirm: "Remove from workspace",
    variant: "destructive",
    explain: "They lose their role in the workspace and everything it gives there. Users who are not in it are skipped.",
  },
};

/** The selection as the server reads it: the ids, or the filters in the users page's own URL form. */
function wire(selection: DirectorySelection) {
  return selection.mode === "ids"
    ? { mode: "ids" as const, ids: [...selection.ids] }
    : { mode: "filter" as const, filters: serializeDirectoryParams(selection.filters) };
}

const placeSchema = z.object({ workspaceId: z.string(), roleId: z.string() });
type Place = z.infer<typeof placeSchema>;

function schemaFor(action: BulkActionName) {
  if (action === "addToWorkspace") {
    return placeSchema.extend({ workspaceId: z.string().min(1, "Choose a workspace."), roleId: z.string().min(1, "Choose a role.") });
  }
  if (action === "removeFromWorkspace") return placeSchema.extend({ workspaceId: z.string().min(1, "Choose a workspace.") });
  return placeSchema;
}

function OptionSelect({ options, placeholder, ...props }: { options: BulkOption[]; placeholder: string } & ComponentProps<typeof Select>) {
  return (
    <Select {...props}>
      <option value="">{placeholder}</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </Select>
  );
}

function BulkForm({ action, choices, onReport }: { action: BulkActionName; choices: BulkChoices; onReport: (report: BulkReport) => void }) {
  const router = useRouter();
  const { selection, size, clear } = useDirectorySelection();
  const [pending, startTransition] = useTransition();
  const [failure, setFailure] = useState<string | null>(null);
  const form = useForm<Place>({ resolver: zodResolver(schemaFor(action)), defaultValues: { workspaceId: "", roleId: "" } });
  const errors = form.formState.errors;
  const copy = COPY[action];
  const tooMany = size > MAX_BULK_USERS;
  const withWorkspace = action === "addToWorkspace" || action === "removeFromWorkspace";

  const submit = form.handleSubmit((place) => {
    setFailure(null);
    startTransition(async () => {
      const payload =
        action === "addToWorkspace"
          ? { action, selection: wire(selection), workspaceId: place.workspaceId, roleId: place.roleId }
          : action === "removeFromWorkspace"
            ? { action, selection: wire(selection), workspaceId: place.workspaceId }
            : { action, selection: wire(selection) };
      const result = await runBulkUsersAction(null, payload);
      if (!result.ok || !result.data) {
        setFailure(result.message);
        toast.error(result.message);
        router.refresh();
        return;
      }
      toast.success(result.message);
      const workspace = withWorkspace ? (choices.workspaces.find((w) => w.id === place.workspaceId)?.name ?? null) : null;
      onReport({ action, workspace, result: result.data });
      clear();
      router.refresh();
    });
  });

  return (
    <form onSubmit={submit} noValidate className="grid gap-4">
      <FormMessage>{failure}</FormMessage>
      {tooMany && (
        <FormMessage>
          {`A bulk action reaches at most ${formatNumber(MAX_BULK_USERS)} users at once. Narrow the filter and run it for each part.`}
        </FormMessage>
      )}
      {withWorkspace && (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Workspace" error={errors.workspaceId?.message} required>
            <OptionSelect options={choices.workspaces} placeholder="Choose a workspace" {...form.register("workspaceId")} />
          </Field>
          {action === "addToWorkspace" && (
            <Field label="Role" error={errors.roleId?.message} required>
              <OptionSelect options={choices.roles} placeholder="Choose a role" {...form.register("roleId")} />
            </Field>
          )}
        </div>
      )}
      <SubmitRow label={copy.confirm} pending={pending} variant={copy.variant} disabled={tooMany} />
    </form>
  );
}

function BulkActionButton({ action, choices, onReport }: { action: BulkActionName; choices: BulkChoices; onReport: (report: BulkReport) => void }) {
  const [open, setOpen] = useState(false);
  const { selection, size } = useDirectorySelection();
  const copy = COPY[action];
  const users = formatUserCount(selection.mode === "filter" ? selection : { count: size, exact: true });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button type="button" size="sm" variant="outline">
          {copy.button}
        </Button>
      </DialogTrigger>
      <DialogContent title={copy.title(users)} description={copy.explain}>
        <BulkForm
          action={action}
          choices={choices}
          onReport={(report) => {
            setOpen(false);
            onReport(report);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

/** The bulk actions this actor may take on the selection, each behind a confirmation that counts. */
export function BulkActions({ choices, onReport }: { choices: BulkChoices; onReport: (report: BulkReport) => void }) {
  const shown = choices.actions.filter((a) => (a === "addToWorkspace" || a === "removeFromWorkspace" ? choices.workspaces.length > 0 : true));
  if (shown.length === 0) return null;
  return (
    <div role="group" aria-label="Bulk actions" className="flex flex-wrap items-center gap-2">
      {shown.map((action) => (
        <BulkActionButton key={action} action={action} choices={choices} onReport={onReport} />
      ))}
    </div>
  );
}
