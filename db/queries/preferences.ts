import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { userPreferences } from "@/db/schema";
import type { Db } from "@/db/types";

export async function loadPreference<T>(db: Db, accountId: string, clientspaceId: string, key: string): Promise<T | undefined> {
  const [row] = await db
    .select({ value: userPreferences.value })
    .from(userPreferences)
    .where(and(eq(userPreferences.accountId, accountId), eq(userPreferences.clientspaceId, clientspaceId), eq(userPreferences.key, key)));
  return row?.value as T | undefined;
}

export async function savePreference(db: Db, accountId: string, clientspaceId: string, key: string, value: unknown) {
  await db
    .insert(userPreferences)
    .values({ accountId, clientspaceId, key, value })
    .onConflictDoUpdate({
      target: [userPreferences.accountId, userPreferences.clientspaceId, userPreferences.key],
      set: { value, updatedAt: sql`now()` },
    });
}
