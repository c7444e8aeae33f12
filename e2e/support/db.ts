import { randomBytes } from "node:crypto";
import { hashPassword } from "../../lib/auth/password";
import { BRIDGE_TOKEN, E2E_BASE_URL } from "./env";

/** SQL against the server's database, through the test-only bridge (see app/api/e2e/sql/route.e2e.ts). */
export async function query<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const res = await fetch(`${E2E_BASE_URL}/api/e2e/sql`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-e2e-token": BRIDGE_TOKEN },
    body: JSON.stringify({ text, params }),
  });
  // Only builds made for e2e have the route (next.config.ts: ROSTER_E2E_BRIDGE=1 or a .next-e2e* folder).
  if (res.status === 404) throw new Error("e2e bridge answered 404: build with ROSTER_E2E_BRIDGE=1 (npm run test:e2e does)");
  if (!res.ok) throw new Error(`e2e bridge answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { rows: T[] }).rows;
}

let hashes = new Map<string, Promise<string>>();
function hashOnce(password: string) {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}
export function resetHashCache() {
  hashes = new Map();
}

export type TestUser = { id: string; email: string; username: string; password: string; firstName: string; lastName: string };

export type NewUserOptions = {
  password?: string;
  isAdmin?: boolean;
  firstName?: string;
  lastName?: string;
  kind?: "internal" | "external";
  locked?: boolean;
  /** Workspace name in the clientspace, with a built-in role key. */
  workspace?: { name: string; role: "super_user" | "editor" | "viewer" | "no_access" };
  clientspace?: "acme" | "globex";
};

/** A fresh, active member of Acme (or Globex) that only this test uses. */
export async function createAcmeUser(options: NewUserOptions = {}): Promise<TestUser> {
  const tag = randomBytes(4).toString("hex");
  const password = options.password ?? "plum-orchard-river-5581";
  const user = {
    email: `e2e.${tag}@acme.test`,
    username: `e2e.${tag}`,
    firstName: options.firstName ?? "Test",
    lastName: options.lastName ?? `Person ${tag}`,
    password,
  };
  const [account] = await query<{ id: string }>(
    `insert into accounts (email, username, first_name, last_name, password_hash, first_connection_at, last_connection_at, locked_at, failed_sign_in_count)
     values ($1, $2, $3, $4, $5, now() - interval '3 days', now() - interval '1 day', $6, $7) returning id`,
    [user.email, user.username, user.firstName, user.lastName, await hashOnce(password), options.locked ? new Date().toISOString() : null, options.locked ? 10 : 0],
  );
  const slug = options.clientspace ?? "acme";
  await query(
    `insert into clientspace_memberships (clientspace_id, account_id, is_admin, kind, joined_at)
     select id, $1, $2, $3, now() from clientspaces where slug = $4`,
    [account.id, options.isAdmin ?? false, options.kind ?? "internal", slug],
  );
  if (options.workspace) {
    await query(
      `insert into workspace_memberships (workspace_id, account_id, clientspace_id, role_id)
       select w.id, $1, c.id, r.id from clientspaces c
       join workspaces w on w.clientspace_id = c.id and w.name = $2
       join roles r on r.clientspace_id = c.id and r.key = $3
       where c.slug = $4`,
      [account.id, options.workspace.name, options.workspace.role, slug],
    );
  }
  return { id: account.id, ...user };
}
