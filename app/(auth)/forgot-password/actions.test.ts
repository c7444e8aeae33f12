import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { emailOutbox } from "@/db/schema";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { RESET_REQUESTED_MESSAGE } from "@/lib/users/reset-password";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser } from "@/tests/support/factories";

// The action's Next.js edges: the process database, the request headers, and `after`, whose
// callbacks are held here so that the test sees the state at the moment the answer went out.
const state = vi.hoisted(() => ({ db: undefined as unknown, address: "198.51.100.1", deferred: [] as (() => Promise<void>)[] }));
vi.mock("@/db/client", () => ({ getDb: async () => state.db }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ [CLIENT_ADDRESS_HEADER]: state.address }) }));
vi.mock("next/server", () => ({ after: (fn: () => Promise<void>) => state.deferred.push(fn) }));

const { requestPasswordResetAction } = await import("./actions");

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  state.db = h.db;
  csId = (await makeClientspace(h.db)).clientspace.id;
});
afterAll(async () => h?.close());
beforeEach(() => {
  state.deferred = [];
});

let n = 0;
const resetMailsTo = async (to: string) => (await h.db.select().from(emailOutbox).where(eq(emailOutbox.to, to))).filter((m) => m.template === "password-reset");
/** What happens after the answer: the deferred work, run to its end. */
const runDeferred = async () => {
  for (const fn of state.deferred.splice(0)) await fn();
};

describe("requestPasswordResetAction", () => {
  it("answers before any email is queued; the deferred work then queues exactly one", async () => {
    state.address = `198.51.100.${++n}`;
    const user = await makeUser(h.db, csId);
    expect(await requestPasswordResetAction({ email: user.email })).toEqual({ ok: true, message: RESET_REQUESTED_MESSAGE });
    expect(await resetMailsTo(user.email)).toHaveLength(0);
    expect(state.deferred).toHaveLength(1);
    await runDeferred();
    expect(await resetMailsTo(user.email)).toHaveLength(1);
  });

  it("answers an unknown address with the same words, and queues nothing", async () => {
    state.address = `198.51.100.${++n}`;
    expect(await requestPasswordResetAction({ email: "nobody-at-all@example.test" })).toEqual({ ok: true, message: RESET_REQUESTED_MESSAGE });
    await runDeferred();
    expect(await resetMailsTo("nobody-at-all@example.test")).toHaveLength(0);
  });

  it("sends at most 3 an hour from one client address, answering the 4th the same", async () => {
    state.address = `198.51.100.${++n}`;
    const users = await Promise.all([1, 2, 3, 4].map(() => makeUser(h.db, csId)));
    for (const user of users) {
      expect(await requestPasswordResetAction({ email: user.email })).toEqual({ ok: true, message: RESET_REQUESTED_MESSAGE });
      await runDeferred();
    }
    const sent = await Promise.all(users.map(async (u) => (await resetMailsTo(u.email)).length));
    expect(sent).toEqual([1, 1, 1, 0]);
  });

  it("sends at most 3 an hour to one address, whichever client addresses ask", async () => {
    const user = await makeUser(h.db, csId);
    for (let i = 0; i < 5; i++) {
      state.address = `203.0.113.${++n}`;
      expect(await requestPasswordResetAction({ email: i % 2 ? user.email.toUpperCase() : user.email })).toEqual({ ok: true, message: RESET_REQUESTED_MESSAGE });
      await runDeferred();
    }
    expect(await resetMailsTo(user.email)).toHaveLength(3);
  });

  it("refuses a malformed address with a field error and defers nothing", async () => {
    expect(await requestPasswordResetAction({ email: "not an address" })).toMatchObject({ ok: false, fieldErrors: { email: expect.any(Array) } });
    expect(state.deferred).toHaveLength(0);
  });
});
