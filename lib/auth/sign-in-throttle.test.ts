import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { createTestDatabase } from "@/tests/support/db";
import { makeClientspace, makeUser, TEST_PASSWORD } from "@/tests/support/factories";
import { SIGN_IN_MESSAGES } from "./sign-in";
import { signInWithThrottle } from "./sign-in-throttle";

// The real rules with waits long enough that no test, however slow the machine, outlives one.
vi.mock("@/lib/throttle/rules", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/throttle/rules")>();
  return {
    ...real,
    SIGN_IN_PER_ACCOUNT: { ...real.SIGN_IN_PER_ACCOUNT, firstDelaySeconds: 30 },
    SIGN_IN_PER_ADDRESS: { ...real.SIGN_IN_PER_ADDRESS, firstDelaySeconds: 30 },
  };
});

let h: DatabaseHandle;
let csId: string;
beforeAll(async () => {
  h = await createTestDatabase();
  // A high threshold: these tests are about the delays, not the lock.
  csId = (await makeClientspace(h.db, { lockoutThreshold: 100 })).clientspace.id;
});
afterAll(async () => h?.close());

let n = 0;
const address = () => `198.51.100.${++n}`;
const attempt = (identifier: string, password: string, clientAddress: string) => signInWithThrottle(h.db, { identifier, password, clientAddress });
/** As if every wait had passed: the counters' delays are moved into the past. */
const waitOut = () => h.db.execute(sql`update throttle_counters set blocked_until = blocked_until - interval '1 hour'`);
const TOO_MANY = /^Too many attempts\. Try again in \d+ seconds?\.$/;

describe("signInWithThrottle", () => {
  it("after 3 wrong passwords for one account, the next attempt waits, even with the right password and from another address", async () => {
    const user = await makeUser(h.db, csId);
    for (let i = 0; i < 4; i++) expect(await attempt(user.email, "wrong", address())).toEqual({ ok: false, message: SIGN_IN_MESSAGES.invalid });
    const refused = await attempt(user.username, TEST_PASSWORD, address());
    expect(refused).toEqual({ ok: false, message: "Too many attempts. Try again in 30 seconds." });
    await waitOut();
    expect(await attempt(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true, accountId: user.id });
    // A success forgets the account's count: the next mistake is free again.
    expect(await attempt(user.email, "wrong", address())).toEqual({ ok: false, message: SIGN_IN_MESSAGES.invalid });
    expect(await attempt(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
  });

  it("answers an unknown account exactly as a known one, attempt by attempt", async () => {
    const user = await makeUser(h.db, csId);
    const known: unknown[] = [];
    const unknown: unknown[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await attempt(user.email, "wrong", address()));
      unknown.push(await attempt("nobody-here@example.test", "wrong", address()));
    }
    expect(unknown).toEqual(known);
    expect(known.at(-1)).toMatchObject({ message: expect.stringMatching(TOO_MANY) });
  });

  it("after 10 attempts from one address, the next waits whatever the account, and the waits grow", async () => {
    const from = address();
    for (let i = 0; i < 11; i++) await attempt(`guess-${i}@example.test`, "wrong", from);
    expect(await attempt("someone-else@example.test", "wrong", from)).toEqual({ ok: false, message: "Too many attempts. Try again in 30 seconds." });
    await waitOut();
    await attempt("again@example.test", "wrong", from);
    expect(await attempt("again-2@example.test", "wrong", from)).toEqual({ ok: false, message: "Too many attempts. Try again in 60 seconds." });
    // Another address is not held up by this one.
    const user = await makeUser(h.db, csId);
    expect(await attempt(user.email, TEST_PASSWORD, address())).toMatchObject({ ok: true });
  });

  it("does not hold up colleagues signing in right from one shared address", async () => {
    const office = address();
    for (let i = 0; i < 15; i++) {
      const user = await makeUser(h.db, csId);
      expect(await attempt(user.email, TEST_PASSWORD, office)).toMatchObject({ ok: true });
    }
  });
});
