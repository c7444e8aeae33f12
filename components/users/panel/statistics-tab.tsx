import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { formatDateTime, plural } from "@/lib/format";
import type { UserPanelData } from "@/lib/users/panel";
import { DetailsList } from "./details-list";

export function StatisticsTab({ data }: { data: UserPanelData }) {
  const { user, statistics } = data;
  return (
    <div className="grid gap-5">
      {statistics.scope === "ownWorkspaces" && (
        <p className="text-sm text-muted-foreground">Only objects of the workspaces you manage are counted.</p>
      )}
      <section aria-labelledby="panel-recent-objects" className="grid gap-2">
        <h3 id="panel-recent-objects" className="text-sm font-semibold">
          Last modified objects
        </h3>
        {statistics.recentlyModified.length === 0 ? (
          <p className="text-sm text-muted-foreground">No object modified yet.</p>
        ) : (
          <Table aria-labelledby="panel-recent-objects">
            <THead>
              <Tr>
                <Th>Object</Th>
                <Th>Workspace</Th>
                <Th>Modified</Th>
              </Tr>
            </THead>
            <TBody>
              {statistics.recentlyModified.map((o) => (
                <Tr key={o.id}>
                  <Td>
                    <span className="font-medium">{o.name}</span>
                    <span className="block text-xs text-muted-foreground">{o.kind}</span>
                  </Td>
                  <Td>{o.workspaceName}</Td>
                  <Td className="whitespace-nowrap">{formatDateTime(o.modifiedAt)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </section>
      <DetailsList
        details={[
          { term: "Responsible for", value: plural(statistics.responsibleCount, "object") },
          { term: "Modified in the last 30 days", value: plural(statistics.modifiedLast30DaysCount, "object") },
          { term: "First connection", value: user.firstConnectionAt ? formatDateTime(user.firstConnectionAt) : "Never" },
          { term: "Last connection", value: user.lastConnectionAt ? formatDateTime(user.lastConnectionAt) : "Never" },
        ]}
      />
    </div>
  );
}
