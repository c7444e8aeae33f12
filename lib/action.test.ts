import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import type { SessionCheck } from "@/lib/auth/session-check";
import { DomainError } from "./errors";

// The wrapper's Next.js edges (the session cookie, the process database) are replaced by a test
// database and a chosen session; everything else runs for real.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));

const { defineAction } = await import("./action");

let h: DatabaseHandle;
let csId: string;
let adminId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  csId = (await makeClientspace(h.db)).clientspace.id;
  adminId = (await makeUser(h.db, csId, { membership: { isAdmin: true } })).id;
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.session = {
    ok: true,
    user: {
      accountId: adminId,
      clientspaceId: csId,
      clientspaceName: "T",
      isAdmin: true,
      isAuditor: false,
      superUserWorkspaceIds: [],
      superUsersMayCreateUsers: true,
      name: "Ada Admin",
      email: "ada@example.test",
      username: "ada",
      clientspaces: [],
    },
  } satisfies SessionCheck;
});

const retitle = defineAction(z.object({ userId: z.uuid(), title: z.string().trim().min(2, "Too short.") }), async (ctx, input) => {
  const [before] = await ctx.tx.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, input.userId));
  if (!before) throw new DomainError("This user does not exist or you may not see it.", "not_found");
  await ctx.tx.update(clientspaceMemberships).set({ title: input.title }).where(eq(clientspaceMemberships.accountId, input.userId));
  ctx.audit.record({ action: "user.updated", targetType: "user", targetId: input.userId, before: { title: before.title }, after: { title: input.title } });
  if (input.title === "explode") throw new Error("database went away");
  return { message: "Saved." };
});

async function titleOf(id: string) {
  const [m] = await h.db.select().from(clientspaceMemberships).where(eq(clientspaceMemberships.accountId, id));
  return m.title;
}

describe("defineAction", () => {
  it("parses FormData, runs the handler in a transaction and writes its audit event with the actor", async () => {
    const user = await makeUser(h.db, csId);
    const form = new FormData();
    form.set("userId", user.id);
    form.set("title", "  Buyer ");
    expect(await retitle(null, form)).toEqual({ ok: true, message: "Saved." });
    expect(await titleOf(user.id)).toBe("Buyer");
    const [event] = await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id));
    expect(event).toMatchObject({ actorAccountId: adminId, actorLabel: "Ada Admin", clientspaceId: csId, source: "ui" });
  });

  it("answers bad input with field errors and changes nothing", async () => {
    const user = await makeUser(h.db, csId);
    const result = await retitle(null, { userId: user.id, title: "x" });
    expect(result).toEqual({ ok: false, message: "Some fields need your attention.", fieldErrors: { title: ["Too short."] } });
    expect(await titleOf(user.id)).toBeNull();
  });

  it("passes a domain error's message to the user", async () => {
    const result = await retitle(null, { userId: "00000000-0000-4000-8000-000000000000", title: "Buyer" });
    expect(result).toEqual({ ok: false, message: "This user does not exist or you may not see it.", fieldErrors: undefined, kind: "not_found" });
  });

  it("hides an unexpected error behind a plain message and rolls everything back", async () => {
    const user = await makeUser(h.db, csId);
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await retitle(null, { userId: user.id, title: "explode" });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/nothing was changed/);
    expect(result.message).not.toMatch(/database went away/);
    expect(spy).toHaveBeenCalled();
    spy.mockRestore();
    expect(await titleOf(user.id)).toBeNull();
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, user.id))).toHaveLength(0);
  });

  it("refuses without a valid session and touches nothing", async () => {
    const user = await makeUser(h.db, csId);
    state.session = { ok: false, reason: "disabled" } satisfies SessionCheck;
    expect(await retitle(null, { userId: user.id, title: "Buyer" })).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    state.session = null;
    expect((await retitle(null, { userId: user.id, title: "Buyer" })).ok).toBe(false);
    expect(await titleOf(user.id)).toBeNull();
  });
});
