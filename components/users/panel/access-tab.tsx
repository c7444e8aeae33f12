import type { ReactNode } from "react";
import { PERMISSION_LABELS } from "@/db/seed/roles";
import type { UserPanelData } from "@/lib/users/panel";
import { DetailsList } from "./details-list";

const labels: Record<string, string> = PERMISSION_LABELS;

/** `actions` holds the rights and role buttons the actor may use. */
export function AccessTab({ data, actions }: { data: UserPanelData; actions: ReactNode }) {
  const { user, workspaces } = data;
  return (
    <div className="grid gap-5">
      <section aria-labelledby="panel-clientspace-rights" className="grid gap-2">
        <h3 id="panel-clientspace-rights" className="text-sm font-semibold">
          Clientspace rights
        </h3>
        <DetailsList
          details={[
            { term: "Clientspace admin", value: user.isAdmin ? "Yes" : "No" },
            { term: "Auditor", value: user.isAuditor ? "Yes" : "No" },
          ]}
        />
      </section>
      <section aria-labelledby="panel-workspaces" className="grid gap-2">
        <h3 id="panel-workspaces" className="text-sm font-semibold">
          Workspaces
        </h3>
        {workspaces.length === 0 ? (
          <p className="text-sm text-muted-foreground">Not a member of any workspace.</p>
        ) : (
          <ul aria-labelledby="panel-workspaces" className="grid gap-2">
            {workspaces.map((w) => (
              <li key={w.workspaceId} className="rounded-md border px-3 py-2 text-sm">
                <div className="flex flex-wrap items-baseline justify-between gap-x-4">
                  <span className="font-medium">{w.workspaceName}</span>
                  <span className="text-muted-foreground">{w.roleName}</span>
                </div>
                {w.rolePermissions.length === 0 ? (
                  <p className="mt-1 text-muted-foreground">This role gives no rights in the workspace.</p>
                ) : (
                  <ul aria-label={`What ${w.roleName} allows`} className="mt-1 list-disc pl-5 text-muted-foreground">
                    {w.rolePermissions.map((p) => (
                      <li key={p}>{labels[p] ?? p}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      {actions}
    </div>
  );
}
