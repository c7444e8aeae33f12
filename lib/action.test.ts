import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";
import type { SessionCheck } from "@/lib/auth/session-check";
import { cachedStats } from "@/lib/users/stats-cache";
import { DomainError } from "./errors";
import { runWrite } from "./write";

// The wrapper's Next.js edges (the session cookie, the process database) are replaced by a test
// database and a chosen session; everything else runs for real.
const state = vi.hoisted(() => ({ db: undefined as unknown, session: null as unknown }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("@/lib/auth/current-user", () => ({ getSessionCheck: async () => state.session }));

const { defineAction, defineBatchedAction } = await import("./action");

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

describe("defineBatchedAction", () => {

  // Two users retitled in two batches, each its own transaction with its audit event, as a bulk
  // run does; "explode" as the second title fails the second batch after the first committed.
  const schema = z.object({ first: z.uuid(), second: z.uuid(), title: z.string().trim().min(2, "Too short.") });
  const retitleBoth = defineBatchedAction(
    schema,
    async ({ user, runner }, input) => {
      const retitleOne = (userId: string, title: string) =>
        runWrite(runner.db, runner.auditActor, runner.source, async (ctx) => {
          await ctx.tx.update(clientspaceMemberships).set({ title }).where(eq(clientspaceMemberships.accountId, userId));
          ctx.audit.record({ action: "user.updated", targetType: "user", targetId: userId, after: { title } });
          if (title === "explode") throw new Error("database went away");
        });
      if (input.title === "refused") throw new DomainError("Not these users.", "conflict");
      await retitleOne(input.first, input.title);
      await runner.afterBatch();
      try {
        await retitleOne(input.second, input.title === "partial" ? "explode" : input.title);
      } catch (err) {
        if (input.title !== "partial") throw err;
        return { ok: false, message: `Stopped after 1 user of ${user.name}.` };
      }
      return { message: "Both retitled.", data: 2 };
    },
    { invalidMessage: (error) => `Fix ${error.issues.length} field(s).` },
  );

  async function pair() {
    return [await makeUser(h.db, csId), await makeUser(h.db, csId)] as const;
  }
  /** A stats entry for the clientspace: a later read computes again only if the action dropped it. */
  let computed = 0;
  const stat = () => cachedStats(csId, "test-count", async () => ++computed);

  it("runs the handler with the database and the session's audit actor, answers its message and drops the stats", async () => {
    const [a, b] = await pair();
    const before = await stat();
    expect(await retitleBoth(null, { first: a.id, second: b.id, title: "Buyer" })).toEqual({ ok: true, message: "Both retitled.", data: 2 });
    expect([await titleOf(a.id), await titleOf(b.id)]).toEqual(["Buyer", "Buyer"]);
    const events = await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, b.id));
    expect(events).toMatchObject([{ actorAccountId: adminId, actorLabel: "Ada Admin", clientspaceId: csId, source: "ui" }]);
    expect(await stat()).toBe(before + 1);
  });

  it("answers bad input with the chosen message and field errors, and changes nothing", async () => {
    const [a, b] = await pair();
    const before = await stat();
    const result = await retitleBoth(null, { first: a.id, second: "not-a-uuid", title: "x" });
    expect(result).toMatchObject({ ok: false, message: "Fix 2 field(s)." });
    expect(result.ok === false && result.fieldErrors).toEqual({ second: [expect.any(String)], title: ["Too short."] });
    expect([await titleOf(a.id), await titleOf(b.id)]).toEqual([null, null]);
    expect(await stat()).toBe(before);
  });

  it("passes a domain error's message and kind to the user", async () => {
    const [a, b] = await pair();
    expect(await retitleBoth(null, { first: a.id, second: b.id, title: "refused" })).toEqual({ ok: false, message: "Not these users.", fieldErrors: undefined, kind: "conflict" });
  });

  it("keeps the committed batches after a failure and answers the handler's own refusal", async () => {
    const [a, b] = await pair();
    const before = await stat();
    expect(await retitleBoth(null, { first: a.id, second: b.id, title: "partial" })).toEqual({ ok: false, message: "Stopped after 1 user of Ada Admin." });
    expect([await titleOf(a.id), await titleOf(b.id)]).toEqual(["partial", null]);
    expect(await h.db.select().from(auditEvents).where(eq(auditEvents.targetId, b.id))).toHaveLength(0);
    // What committed shows at once, even though the answer is a refusal.
    expect(await stat()).toBe(before + 1);
  });

  it("hides an unexpected error behind a plain message, logged", async () => {
    const [a, b] = await pair();
    const spy = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await retitleBoth(null, { first: a.id, second: b.id, title: "explode" });
    expect(result).toEqual({ ok: false, message: "Something went wrong and nothing was changed. Try again in a moment." });
    expect(spy).toHaveBeenCalledWith("Server action failed", expect.objectContaining({ message: "database went away" }));
    spy.mockRestore();
  });

  it("refuses without a valid session and touches nothing", async () => {
    const [a, b] = await pair();
    state.session = { ok: false, reason: "ended" } satisfies SessionCheck;
    expect(await retitleBoth(null, { first: a.id, second: b.id, title: "Buyer" })).toEqual({ ok: false, message: "Your session has ended. Sign in again." });
    state.session = null;
    expect((await retitleBoth(null, { first: a.id, second: b.id, title: "Buyer" })).ok).toBe(false);
    expect([await titleOf(a.id), await titleOf(b.id)]).toEqual([null, null]);
  });

  it("leaves the stats alone for a lookup (readOnly)", async () => {
    const lookup = defineBatchedAction(z.object({}), async ({ runner }) => ({ message: "", data: (await runner.db.select().from(clientspaceMemberships)).length > 0 }), { readOnly: true });
    const before = await stat();
    expect(await lookup(null, {})).toEqual({ ok: true, message: "", data: true });
    expect(await stat()).toBe(before);
  });
});
