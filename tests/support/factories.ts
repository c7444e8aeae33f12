import { randomBytes } from "node:crypto";
import { accounts, clientspaceMemberships, clientspaces, roles, workspaceMemberships, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import { hashPassword } from "@/lib/auth/password";

const unique = () => randomBytes(4).toString("hex");

let cachedHash: Promise<string> | undefined;
export const TEST_PASSWORD = "correct-horse-battery-42";
/** One argon2 hash for every test account: hashing is deliberately slow. */
export function testPasswordHash() {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

export async function makeClientspace(db: Db, overrides: Partial<typeof clientspaces.$inferInsert> = {}) {
  const slug = overrides.slug ?? `cs-${unique()}`;
  const [cs] = await db.insert(clientspaces).values({ name: `Clientspace ${slug}`, slug, ...overrides }).returning();
  const [superUser] = await db
    .insert(roles)
    .values([
      { clientspaceId: cs.id, key: "super_user", name: "Super-user", builtIn: true, permissions: ["workspace.users.manage"] },
      { clientspaceId: cs.id, key: "viewer", name: "Viewer", builtIn: true, permissions: ["objects.view"] },
    ])
    .returning();
  const [workspace] = await db.insert(workspaces).values({ clientspaceId: cs.id, name: "Sales" }).returning();
  return { clientspace: cs, workspace, superUserRole: superUser };
}

export async function makeUser(
  db: Db,
  clientspaceId: string,
  options: {
    account?: Partial<typeof accounts.$inferInsert>;
    membership?: Partial<typeof clientspaceMemberships.$inferInsert>;
    superUserOf?: { workspaceId: string; roleId: string };
  } = {},
) {
  const u = unique();
  const [account] = await db
    .insert(accounts)
    .values({
      email: `user.${u}@example.test`,
      username: `user.${u}`,
      firstName: "Test",
      lastName: `User ${u}`,
      passwordHash: await testPasswordHash(),
      ...options.account,
    })
    .returning();
  await db
    .insert(clientspaceMemberships)
    .values({ clientspaceId, accountId: account.id, joinedAt: new Date(), ...options.membership });
  if (options.superUserOf) {
    await db.insert(workspaceMemberships).values({
      workspaceId: options.superUserOf.workspaceId,
      accountId: account.id,
      clientspaceId,
      roleId: options.superUserOf.roleId,
    });
  }
  return account;
}
