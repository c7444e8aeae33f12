import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { rowsOf } from "@/db/json-records";
import { accounts, clientspaceMemberships, licenseTypes, workspaceMemberships } from "@/db/schema";
import type { Db } from "@/db/types";
import { makeUser } from "./factories";
import { makeImportWorld, type ImportWorld } from "./import-world";

/**
 * The import world plus 24 users whose data covers what an export writes and an import reads
 * back: accented names, both apostrophes, a mixed-case email, cells a spreadsheet would run as a
 * formula (title "=…", "-…", "@…", phone "+…", a service typed as "'+…"), commas and quotes, every workspace role, admin
 * and auditor flags, SSO, external users, licenses, connection dates, a disabled and an invited
 * user. 30 members in all.
 */

type Person = {
  firstName: string;
  lastName: string;
  email?: string;
  account?: Partial<typeof accounts.$inferInsert>;
  membership?: Partial<typeof clientspaceMemberships.$inferInsert>;
  grants?: Array<[keyof Pick<ImportWorld, "sales" | "support" | "legal">, "superUserRole" | "viewerRole" | "editorRole" | "noAccessRole"]>;
};

const FIRST = ["Alice", "Bruno", "Chloé", "David", "Emma", "Fabien", "Gaëlle", "Hugo", "Inès", "Jules", "Karim", "Léa", "Marc", "Nina", "Oscar", "Paul", "Rosa", "Sami"];
const LAST = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel"];
const TITLES = ["Engineer", "Analyst", null, "Head of data", "Designer", null];
const SERVICES = ["Finance", null, "R&D", "Operations"];
const PHONES = [null, "0612345678", "+44 20 7946 0958", "(555) 123-4567 ext 12"];

export async function makeRoundTripWorld(db: Db) {
  const w = await makeImportWorld(db);
  const [explorer] = await db.insert(licenseTypes).values({ clientspaceId: w.csId, name: "Explorer", seatLimit: 50 }).returning();
  const tag = randomBytes(3).toString("hex");
  const licensed = { licenseTypeId: explorer.id, licenseStart: "2026-01-01", licenseEnd: "2026-12-31" };

  const special: Record<string, Person> = {
    zoe: {
      firstName: "Zoé",
      lastName: "Lefèvre-Dupont",
      account: { sso: true, firstConnectionAt: new Date("2026-01-02T03:04:05Z"), lastConnectionAt: new Date("2026-06-14T08:00:00Z") },
      membership: { title: '=HYPERLINK("http://evil")', service: "Sales, North", phone: "+33 1 23 45 67 89", kind: "external", origin: "imported", ...licensed },
      grants: [
        ["sales", "viewerRole"],
        ["support", "editorRole"],
      ],
    },
    francois: {
      firstName: "François",
      lastName: "O’Brien",
      membership: { title: "-ops lead", service: 'The "A" team', phone: "(555) 123-4567 ext 12", isAuditor: true },
    },
    anne: { firstName: "Anne-Marie", lastName: "D'Arcy", membership: { isAdmin: true, title: "@mention", ...licensed }, grants: [["legal", "superUserRole"]] },
    unal: {
      firstName: "Ünal",
      lastName: "Çelik",
      email: `Unal.Celik.${tag}@Example.test`,
      membership: { origin: "imported", kind: "external" },
      grants: [["legal", "noAccessRole"]],
    },
    dora: { firstName: "Dora", lastName: "Disabled", membership: { disabled: true, disabledAt: new Date("2026-03-01T00:00:00Z") }, grants: [["sales", "viewerRole"]] },
    ivy: {
      firstName: "Ivy",
      lastName: "Invited",
      account: { passwordHash: null },
      // Typed with a leading apostrophe before a "+": the export must not let the import take it for its own guard.
      membership: { service: "'+1 line", origin: "invited", invitedAt: new Date(), invitationExpiresAt: new Date(Date.now() + 7 * 86_400_000), joinedAt: null },
    },
  };
  const generic: Person[] = FIRST.map((firstName, i) => ({
    firstName,
    lastName: LAST[i],
    account: { sso: i % 5 === 0, ...(i % 3 === 0 ? { firstConnectionAt: new Date("2026-02-01T09:00:00Z"), lastConnectionAt: new Date("2026-06-01T17:30:00Z") } : {}) },
    membership: {
      title: TITLES[i % TITLES.length],
      service: SERVICES[i % SERVICES.length],
      phone: PHONES[i % PHONES.length],
      kind: i % 4 === 3 ? "external" : "internal",
      ...(i % 6 === 1 ? licensed : {}),
    },
    grants: [
      [(["sales", "support", "legal"] as const)[i % 3], (["viewerRole", "editorRole", "noAccessRole"] as const)[i % 3]],
      ...(i % 2 === 0 ? [["support", "editorRole"] as const] : []),
    ].filter((g, k, all) => all.findIndex((x) => x[0] === g[0]) === k) as Person["grants"],
  }));

  const ids: Record<string, string> = {};
  const people: Array<[string, Person]> = [...Object.entries(special), ...generic.map((p, i): [string, Person] => [`generic${i}`, p])];
  for (const [key, p] of people) {
    const local = `${p.firstName}.${p.lastName}`.normalize("NFKD").replace(/[^A-Za-z.]/g, "").toLowerCase();
    const account = await makeUser(db, w.csId, {
      account: { email: p.email ?? `${local}.${tag}@example.test`, username: `${local}.${tag}`, firstName: p.firstName, lastName: p.lastName, ...p.account },
      membership: p.membership,
    });
    for (const [workspace, role] of p.grants ?? []) {
      await db.insert(workspaceMemberships).values({ workspaceId: w[workspace].id, accountId: account.id, clientspaceId: w.csId, roleId: w[role].id });
    }
    ids[key] = account.id;
  }
  return { ...w, ids, memberCount: people.length + 6 };
}
export type RoundTripWorld = Awaited<ReturnType<typeof makeRoundTripWorld>>;

/**
 * The clientspace's stored rows as PostgreSQL renders them (every column, microseconds included),
 * keyed by account (and workspace for grants): what "byte-identical" is checked against.
 */
export async function storedRows(db: Db, csId: string) {
  const read = async (query: ReturnType<typeof sql>) => new Map(rowsOf<{ id: string; row: string }>(await db.execute(query)).map((r) => [r.id, r.row]));
  return {
    accounts: await read(
      sql`select a.id::text as id, row_to_json(a)::text as row from accounts a join clientspace_memberships m on m.account_id = a.id where m.clientspace_id = ${csId}`,
    ),
    memberships: await read(sql`select m.account_id::text as id, row_to_json(m)::text as row from clientspace_memberships m where m.clientspace_id = ${csId}`),
    grants: await read(
      sql`select g.account_id::text || ' ' || g.workspace_id::text as id, row_to_json(g)::text as row from workspace_memberships g where g.clientspace_id = ${csId}`,
    ),
  };
}
export type StoredRows = Awaited<ReturnType<typeof storedRows>>;
