import "server-only";
import { eq } from "drizzle-orm";
import { clientspaces } from "@/db/schema";
import type { Db } from "@/db/types";

export async function findClientspace(db: Db, clientspaceId: string) {
  const [row] = await db.select().from(clientspaces).where(eq(clientspaces.id, clientspaceId));
  return row;
}
