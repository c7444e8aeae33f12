import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships, objects, roles, workspaceMemberships, workspaces } from "@/db/schema";
import type { Db } from "@/db/types";
import { checkSession, type SignedInUser } from "@/lib/auth/session-check";
import { formatDateTime } from "@/lib/format";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import { loadUserPanel, type PanelAction } from "./panel";

const DAY = 86_400_000;
const NOW = new Date("2025-06-15T12:00:00.000Z");
const clock = { now: NOW, inactivityDays: 90 };
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

let h: DatabaseHandle;
let csId: string;
let otherCsId: string;
let wsA: string;
let wsB: string;
let superUserRoleId: string;
let viewerRoleId: string;
const ids: Record<"admin" | "auditor" | "superUser" | "member" | "memberB" | "inBoth" | "adminInA" | "outsider", string> = {
  admin: "",
  auditor: "",
  superUser: "",
  member: "",
  memberB: "",
  inBoth: "",
  adminInA: "",
  outsider: "",
};
const actors = {} as Record<"admin" | "auditor" | "superUser" | "member", SignedInUser>;

async function join(db: Db, clientspaceId: string, accountId: string, workspaceId: string, roleId: string) {
  await db.insert(workspaceMemberships).values({ clientspaceId, accountId, workspaceId, roleId });
}

async function actor(accountId: string): Promise<SignedInUser> {
  const session = await checkSession(h.db, { accountId, sessionVersion: 0 });
  if (!session.ok) throw new Error(`no session for ${accountId}`);
  return session.user;
}

beforeAll(async () => {
  h = await createTestDatabase();
  const made = await makeClientspace(h.db);
  csId = made.clientspace.id;
  wsA = made.workspace.id;
  superUserRoleId = made.superUserRole.id;
  const [viewer] = await h.db.select().from(roles).where(and(eq(roles.clientspaceId, csId), eq(roles.key, "viewer")));
  viewerRoleId = viewer.id;
  const [finance] = await h.db.insert(workspaces).values({ clientspaceId: csId, name: "Finance" }).returning();
  wsB = finance.id;
  otherCsId = (await makeClientspace(h.db)).clientspace.id;

  ids.admin = (await makeUser(h.db, csId, { membership: { isAdmin: true } })).id;
  ids.auditor = (await makeUser(h.db, csId, { membership: { isAuditor: true } })).id;
  ids.superUser = (await makeUser(h.db, csId, { superUserOf: { workspaceId: wsA, roleId: superUserRoleId } })).id;
  ids.member = (await makeUser(h.db, csId)).id;
  await join(h.db, csId, ids.member, wsA, viewerRoleId);
  ids.memberB = (await makeUser(h.db, csId)).id;
  await join(h.db, csId, ids.memberB, wsB, viewerRoleId);
  ids.inBoth = (await makeUser(h.db, csId)).id;
  await join(h.db, csId, ids.inBoth, wsA, viewerRoleId);
  await join(h.db, csId, ids.inBoth, wsB, viewerRoleId);
  ids.adminInA = (await makeUser(h.db, csId, { membership: { isAdmin: true } })).id;
  await join(h.db, csId, ids.adminInA, wsA, viewerRoleId);
  ids.outsider = (await makeUser(h.db, otherCsId, { membership: { isAdmin: true } })).id;

  actors.admin = await actor(ids.admin);
  actors.auditor = await actor(ids.auditor);
  actors.superUser = await actor(ids.superUser);
  actors.member = await actor(ids.member);
});
afterAll(async () => h?.close());

async function visible(role: keyof typeof actors, target: keyof typeof ids) {
  return (await loadUserPanel(h.db, actors[role], ids[target], clock)) !== null;
}

describe("loadUserPanel: who may see whom", () => {
  it("shows an admin and an auditor anyone in the clientspace", async () => {
    for (const role of ["admin", "auditor"] as const) {
      for (const target of ["admin", "auditor", "superUser", "member", "memberB", "inBoth", "adminInA"] as const) {
        expect(await visible(role, target), `${role} → ${target}`).toBe(true);
      }
    }
  });

  it("shows a super-user the users sharing one of their workspaces only", async () => {
    expect(await visible("superUser", "member")).toBe(true);
    expect(await visible("superUser", "inBoth")).toBe(true);
    expect(await visible("superUser", "adminInA")).toBe(true);
    expect(await visible("superUser", "superUser")).toBe(true);
    expect(await visible("superUser", "memberB")).toBe(false);
    expect(await visible("superUser", "admin")).toBe(false);
  });

  it("shows a plain member only themselves", async () => {
    expect(await visible("member", "member")).toBe(true);
    for (const target of ["admin", "superUser", "inBoth", "memberB"] as const) {
      expect(await visible("member", target), target).toBe(false);
    }
  });

  it("finds nobody of another clientspace, even for an admin, nor anything that is not a uuid", async () => {
    expect(await visible("admin", "outsider")).toBe(false);
    expect(await loadUserPanel(h.db, actors.admin, "00000000-0000-4000-8000-000000000000", clock)).toBeNull();
    for (const raw of ["", "not-a-uuid", `${ids.member}x`, "1 or 1=1", ids.member.slice(0, 35)]) {
      expect(await loadUserPanel(h.db, actors.admin, raw, clock), raw).toBeNull();
    }
  });

  it("loads the profile, license and workspaces with their roles", async () => {
    const panel = await loadUserPanel(h.db, actors.admin, ids.inBoth, clock);
    expect(panel?.user).toMatchObject({ accountId: ids.inBoth, isAdmin: false, kind: "internal", origin: "created", licenseState: "none" });
    expect(panel?.workspaces.map((w) => [w.workspaceName, w.roleKey, w.roleName])).toEqual([
      ["Finance", "viewer", "Viewer"],
      ["Sales", "viewer", "Viewer"],
    ]);
    expect(panel?.workspaces[0].rolePermissions).toEqual(["objects.view"]);
  });
});

describe("loadUserPanel: allowed actions", () => {
  const allowed = async (role: keyof typeof actors, target: keyof typeof ids) =>
    (await loadUserPanel(h.db, actors[role], ids[target], clock))?.allowed;
  const everything: PanelAction[] = [
    "editProfile",
    "addToWorkspace",
    "changeWorkspaceRole",
    "changeClientspaceRights",
    "changeLicense",
    "changeStatus",
    "resetPassword",
    "unlock",
    "sendResetLink",
    "removeFromWorkspace",
    "removeFromClientspace",
    "delete",
  ];

  it("gives an admin every action on a user created here who owns no object", async () => {
    expect(await allowed("admin", "member")).toEqual(everything);
  });

  it("gives an auditor none", async () => {
    expect(await allowed("auditor", "member")).toEqual([]);
    expect(await allowed("auditor", "adminInA")).toEqual([]);
  });

  it("lets a super-user act beyond the profile only on a plain user of their workspaces, not on an admin there nor a user also elsewhere", async () => {
    expect(await allowed("superUser", "member")).toEqual([
      "editProfile",
      "addToWorkspace",
      "changeWorkspaceRole",
      "changeStatus",
      "resetPassword",
      "unlock",
      "sendResetLink",
      "removeFromWorkspace",
    ]);
    expect(await allowed("superUser", "adminInA")).toEqual(["editProfile"]);
    expect(await allowed("superUser", "inBoth")).toEqual(["editProfile"]);
  });

  it("lets a member edit their own profile only", async () => {
    expect(await allowed("member", "member")).toEqual(["editProfile"]);
  });

  it("does not offer to delete a user whose account another clientspace created; one responsible for objects gets the dialog that explains it", async () => {
    const home = await makeClientspace(h.db);
    const invited = await makeUser(h.db, home.clientspace.id);
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: csId, accountId: invited.id, origin: "invited", joinedAt: new Date() });
    const owner = await makeUser(h.db, csId);
    await h.db.insert(objects).values({ clientspaceId: csId, workspaceId: wsA, name: "Budget", kind: "document", responsibleAccountId: owner.id });
    const invitedPanel = await loadUserPanel(h.db, actors.admin, invited.id, clock);
    expect(invitedPanel?.allowed).toContain("removeFromClientspace");
    expect(invitedPanel?.allowed).not.toContain("delete");
    expect((await loadUserPanel(h.db, actors.admin, owner.id, clock))?.allowed).toContain("delete");
    // Their credentials are their home's: no reset, no unlock, no email; a reset link to them instead.
    expect(invitedPanel).toMatchObject({ isHome: false, mayEditEmail: false, mayEditKind: true });
    expect(invitedPanel?.allowed).not.toContain("resetPassword");
    expect(invitedPanel?.allowed).not.toContain("unlock");
    expect(invitedPanel?.allowed).toContain("sendResetLink");
  });

  it("lets an admin add a user who is in no workspace, and names the workspaces each actor may remove the user from", async () => {
    const loner = await makeUser(h.db, csId);
    const lonerPanel = await loadUserPanel(h.db, actors.admin, loner.id, clock);
    expect(lonerPanel?.allowed).toContain("addToWorkspace");
    expect(lonerPanel?.allowed).not.toContain("removeFromWorkspace");
    expect(lonerPanel?.removableWorkspaceIds).toEqual([]);
    expect((await loadUserPanel(h.db, actors.admin, ids.inBoth, clock))?.removableWorkspaceIds.sort()).toEqual([wsA, wsB].sort());
    // A super-user removes only users whose workspaces are all theirs (SPEC section 2).
    expect((await loadUserPanel(h.db, actors.superUser, ids.inBoth, clock))?.removableWorkspaceIds).toEqual([]);
    expect((await loadUserPanel(h.db, actors.superUser, ids.member, clock))?.removableWorkspaceIds).toEqual([wsA]);
  });
});

describe("loadUserPanel: status reason", () => {
  const reasonOf = async (options: Parameters<typeof makeUser>[2]) => {
    const user = await makeUser(h.db, csId, options);
    return (await loadUserPanel(h.db, actors.admin, user.id, clock))?.statusReason;
  };
  const connected = { firstConnectionAt: ago(300), lastConnectionAt: ago(2) };

  it("explains each status with the date it started", async () => {
    expect(await reasonOf({ account: connected, membership: { disabled: true, disabledAt: ago(3) } })).toEqual({
      status: "disabled",
      since: ago(3),
      text: `Disabled since ${formatDateTime(ago(3))}`,
    });
    expect(await reasonOf({ account: { ...connected, lockedAt: ago(1) } })).toEqual({
      status: "locked",
      since: ago(1),
      text: `Locked since ${formatDateTime(ago(1))} after too many failed sign-ins`,
    });
    const pending = { account: { passwordHash: null }, membership: { joinedAt: null, invitedAt: ago(0.5) } };
    expect(await reasonOf({ ...pending, membership: { ...pending.membership, invitationExpiresAt: ago(-0.5) } })).toEqual({
      status: "invited",
      since: ago(0.5),
      text: `Invited on ${formatDateTime(ago(0.5))}; the link expires ${formatDateTime(ago(-0.5))}`,
    });
    expect(
      await reasonOf({ ...pending, membership: { joinedAt: null, invitedAt: ago(3), invitationExpiresAt: ago(2) } }),
    ).toEqual({
      status: "invitation_expired",
      since: ago(3),
      text: `Invited on ${formatDateTime(ago(3))}; the link expired ${formatDateTime(ago(2))}`,
    });
    expect(await reasonOf({ membership: { createdAt: ago(10) } })).toEqual({
      status: "never_connected",
      since: ago(10),
      text: `Never connected (created ${formatDateTime(ago(10))})`,
    });
    expect(await reasonOf({ account: { firstConnectionAt: ago(400), lastConnectionAt: ago(120) } })).toEqual({
      status: "inactive",
      since: ago(120),
      text: `No sign-in since ${formatDateTime(ago(120))} (more than 90 days)`,
    });
    expect(await reasonOf({ account: connected })).toEqual({
      status: "active",
      since: ago(2),
      text: `Last sign-in ${formatDateTime(ago(2))}`,
    });
  });

  it("puts disabled before locked, as the users table does", async () => {
    expect((await reasonOf({ account: { ...connected, lockedAt: ago(1) }, membership: { disabled: true, disabledAt: ago(5) } }))?.status).toBe("disabled");
  });
});

describe("loadUserPanel: statistics and history", () => {
  let worker: string;
  beforeAll(async () => {
    worker = (await makeUser(h.db, csId)).id;
    await join(h.db, csId, worker, wsA, viewerRoleId);
    await join(h.db, csId, worker, wsB, viewerRoleId);
    // The same person also works in another clientspace: nothing of it may leak here.
    await h.db.insert(clientspaceMemberships).values({ clientspaceId: otherCsId, accountId: worker, joinedAt: NOW });
    const otherWs = (await h.db.insert(workspaces).values({ clientspaceId: otherCsId, name: "Elsewhere" }).returning())[0].id;

    const made = (days: number, workspaceId: string, n: number) => ({
      clientspaceId: csId,
      workspaceId,
      name: `Object ${n}`,
      kind: n % 2 ? "asset" : "document",
      modifiedByAccountId: worker,
      modifiedAt: ago(days),
    });
    await h.db.insert(objects).values([
      made(40, wsA, 1),
      made(1, wsB, 2),
      made(20, wsA, 3),
      made(5, wsA, 4),
      made(60, wsB, 5),
      made(2, wsA, 6),
      made(10, wsB, 7),
      { ...made(0.1, wsA, 8), modifiedByAccountId: ids.member, responsibleAccountId: worker },
      { ...made(0.1, wsB, 9), modifiedByAccountId: ids.member, responsibleAccountId: worker },
      { ...made(0.1, otherWs, 10), clientspaceId: otherCsId, name: "Foreign object" },
    ]);

    const event = (clientspaceId: string, days: number, action: string) => ({
      clientspaceId,
      actorLabel: "Ada Admin",
      action,
      targetType: "user",
      targetId: worker,
      source: "ui" as const,
      createdAt: ago(days),
    });
    await h.db.insert(auditEvents).values([
      ...Array.from({ length: 53 }, (_, i) => event(csId, 10 + i, "user.profile_changed")),
      { ...event(csId, 1, "user.profile_changed"), before: { title: "Engineer", phone: null }, after: { title: "Lead engineer", phone: "+33 1" } },
      event(csId, 5, "user.disabled"),
      event(otherCsId, 0.5, "user.foreign_event"),
    ]);
  });

  it("lists the last 5 modified objects newest first, and counts what the user owns and changed in 30 days", async () => {
    const panel = await loadUserPanel(h.db, actors.admin, worker, clock);
    expect(panel?.statistics.recentlyModified.map((o) => [o.name, o.workspaceName])).toEqual([
      ["Object 2", "Finance"],
      ["Object 6", "Sales"],
      ["Object 4", "Sales"],
      ["Object 7", "Finance"],
      ["Object 3", "Sales"],
    ]);
    expect(panel?.statistics.recentlyModified[0]).toMatchObject({ kind: "document", modifiedAt: ago(1) });
    expect(panel?.statistics).toMatchObject({ responsibleCount: 2, modifiedLast30DaysCount: 5, scope: "clientspace" });
  });

  it("limits a super-user's view of the objects to the workspaces they manage", async () => {
    const panel = await loadUserPanel(h.db, actors.superUser, worker, clock);
    expect(panel?.statistics.recentlyModified.map((o) => o.name)).toEqual(["Object 6", "Object 4", "Object 3", "Object 1"]);
    expect(panel?.statistics).toMatchObject({ responsibleCount: 1, modifiedLast30DaysCount: 3, scope: "ownWorkspaces" });
  });

  it("gives the user's audit events of this clientspace, newest first, 50 at most, readable", async () => {
    const history = (await loadUserPanel(h.db, actors.auditor, worker, clock))?.history;
    expect(history).toHaveLength(50);
    const times = history!.map((e) => e.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(history!.some((e) => e.action === "Foreign event")).toBe(false);
    expect(history![0]).toMatchObject({
      actor: "Ada Admin",
      action: "Profile changed",
      source: "ui",
      at: ago(1),
    });
    expect(history![0].changes).toHaveLength(2);
    expect(history![0].changes).toEqual(
      expect.arrayContaining([
        { field: "Title", before: "Engineer", after: "Lead engineer" },
        { field: "Phone", before: "—", after: "+33 1" },
      ]),
    );
    expect(history![1]).toMatchObject({ action: "Disabled", changes: [] });
  });

  it("keeps the history from those who may not read the audit log", async () => {
    expect((await loadUserPanel(h.db, actors.superUser, worker, clock))?.history).toBeNull();
    expect((await loadUserPanel(h.db, actors.member, ids.member, clock))?.history).toBeNull();
  });
});
