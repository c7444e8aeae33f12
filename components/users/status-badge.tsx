import { Badge } from "@/components/ui/badge";
import type { UserStatus } from "@/lib/users/directory-params";
import { STATUS_LABELS, STATUS_VARIANTS } from "./labels";

export function StatusBadge({ status }: { status: UserStatus }) {
  return <Badge variant={STATUS_VARIANTS[status]}>{STATUS_LABELS[status]}</Badge>;
}
