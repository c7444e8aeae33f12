import type { SeatUsage } from "@/db/queries/users";
import type { Actor } from "@/lib/permissions";
import { createUserOptions, type CreateUserOptions } from "@/lib/users/create-user-options";
import { CreateUserButton } from "./create-user-dialog";

type Facets = Parameters<typeof createUserOptions>[1] & { invitationHours: number };

/** The users page's "Add user" button, with what the wizard may offer this actor. Render it only when can(actor, "users.create"). */
export function CreateUserEntry({ actor, facets, seatsPromise }: { actor: Actor; facets: Facets; seatsPromise: Promise<SeatUsage[]> }) {
  const options: CreateUserOptions = createUserOptions(actor, facets);
  // Seat counts are for those who assign licenses: nobody else gets them in the page's payload.
  const seats = options.mayAssignLicense ? seatsPromise : Promise.resolve([]);
  return <CreateUserButton options={options} seatsPromise={seats} invitationHours={facets.invitationHours} />;
}
