import type { ReactNode } from "react";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { formatDate } from "@/lib/format";
import type { LicenseState } from "@/lib/users/directory-params";
import type { UserPanelData } from "@/lib/users/panel";
import { LICENSE_STATE_LABELS } from "../labels";
import { DetailsList } from "./details-list";

const STATE_VARIANTS: Record<LicenseState, BadgeVariant> = {
  none: "neutral",
  active: "success",
  not_started: "info",
  expired: "warning",
};

/** `actions` holds the "Change license" button when the actor may change it. */
export function LicenseTab({ data, actions }: { data: UserPanelData; actions: ReactNode }) {
  const { user } = data;
  const state = <Badge variant={STATE_VARIANTS[user.licenseState]}>{LICENSE_STATE_LABELS[user.licenseState]}</Badge>;
  return (
    <div className="grid gap-5">
      {user.licenseTypeId ? (
        <DetailsList
          details={[
            { term: "Type", value: user.licenseName },
            { term: "Start", value: user.licenseStart ? formatDate(user.licenseStart) : "No start date" },
            { term: "End", value: user.licenseEnd ? formatDate(user.licenseEnd) : "No end date" },
            { term: "State", value: state },
          ]}
        />
      ) : (
        <DetailsList details={[{ term: "Type", value: "None" }, { term: "State", value: state }]} />
      )}
      {actions}
    </div>
  );
}
