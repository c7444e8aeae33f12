import { formatDateTime } from "@/lib/format";
import type { UserPanelData } from "@/lib/users/panel";
import { KIND_LABELS, ORIGIN_LABELS } from "../labels";
import { StatusBadge } from "../status-badge";
import { DetailsList } from "./details-list";

export function ProfileTab({ data }: { data: UserPanelData }) {
  const { user, statusReason } = data;
  return (
    <div className="grid gap-5">
      <div className="grid gap-1.5 rounded-md border bg-surface p-3">
        <div>
          <StatusBadge status={user.status} />
        </div>
        <p className="text-sm">{statusReason.text}</p>
      </div>
      <DetailsList
        details={[
          { term: "ID", value: <code className="break-all text-xs">{user.accountId}</code> },
          { term: "First name", value: user.firstName },
          { term: "Last name", value: user.lastName },
          { term: "Username", value: user.username },
          { term: "Email", value: user.email },
          { term: "Phone", value: user.phone },
          { term: "Title", value: user.title },
          { term: "Service", value: user.service },
          { term: "Internal or external", value: KIND_LABELS[user.kind] },
          { term: "Origin", value: ORIGIN_LABELS[user.origin] },
          { term: "Created", value: formatDateTime(user.createdAt) },
          { term: "First connection", value: user.firstConnectionAt ? formatDateTime(user.firstConnectionAt) : "Never" },
          { term: "Last connection", value: user.lastConnectionAt ? formatDateTime(user.lastConnectionAt) : "Never" },
        ]}
      />
    </div>
  );
}
