import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { auditEvents, clientspaceMemberships, licenseTypes } from "@/db/schema";
import { DomainError } from "@/lib/errors";
import { createTestDatabase } from "@/tests/support/db";
import { makeUser } from "@/tests/support/factories";
import { makeRightsWorld, ROLE_CASES, runAs, type RoleCase } from "@/tests/support/rights-world";
import { testDatabaseUrl } from "@/tests/support/urls";
import { removeLicense, setLicense, type SetLicenseInput } from "./license";

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function world(seatLimit = 2) {
  const w = await makeRightsWorld(h.db);
  const [pro] = await h.db.insert(licenseTypes).values({ clientspaceId: w.csId, name: "Pro", seatLimit }).returning();
  return { ...w, pro };
}
const membership = async (csId: string, userId: string) =>
  (await h.db.select().from(clientspaceMemberships).where(and(eq(clientspaceMemberships.clientspaceId, csId), eq(clientspaceMemberships.accountId, userId))))[0];
const auditOf = (userId: string) => h.db.select().from(auditEvents).where(eq(auditEvents.targetId, userId));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
const licensed = (typeId: string, start = day(-1), end = day(30)) => ({ licenseTypeId: typeId, licenseStart: start, licenseEnd: end });

describe("setLicense", () => {
  it.each(ROLE_CASES.map((r) => [r, r === "admin"] as const))("as %s: allowed = %s", async (role: RoleCase, allowed) => {
    const w = await world();
    const input: SetLicenseInput = { userId: w.target.id, licenseTypeId: w.pro.id, start: day(0), end: day(365) };
    const err = await refusal(runAs(h.db, w.actors[role], setLicense, input));
    const row = await membership(w.csId, w.target.id);
    if (allowed) {
      expect(err).toBeNull();
      expect(row).toMatchObject({ licenseTypeId: w.pro.id, licenseStart: input.start, licenseEnd: input.end, licenseName: "Pro", version: 2, updatedBy: w.actors.admin.accountId });
      expect(await auditOf(w.target.id)).toMatchObject([
        { action: "user.license_changed", before: { licenseTypeId: null }, after: { licenseTypeId: w.pro.id, licenseName: "Pro", licenseEnd: input.end } },
      ]);
    } else {
      expect(err).toBeInstanceOf(DomainError);
      expect(row).toMatchObject({ licenseTypeId: null, version: 1 });
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it("treats another clientspace's user or license type as not found", async () => {
    const w = await world();
    const other = await world();
    const foreignUser = await refusal(runAs(h.db, other.actors.admin, setLicense, { userId: w.target.id, licenseTypeId: other.pro.id, start: day(0), end: day(9) }));
    const foreignType = await refusal(runAs(h.db, w.actors.admin, setLicense, { userId: w.target.id, licenseTypeId: other.pro.id, start: day(0), end: day(9) }));
    expect(foreignUser).toMatchObject({ kind: "not_found" });
    expect(foreignType).toMatchObject({ kind: "not_found" });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ licenseTypeId: null, version: 1 });
  });

  it("refuses a start after the end and changes nothing", async () => {
    const w = await world();
    const err = await refusal(runAs(h.db, w.actors.admin, setLicense, { userId: w.target.id, licenseTypeId: w.pro.id, start: day(10), end: day(9) }));
    expect(err).toMatchObject({ kind: "invalid", fieldErrors: { end: expect.any(Array) } });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ licenseTypeId: null, version: 1 });
    expect(await auditOf(w.target.id)).toHaveLength(0);
  });

  it("enforces the seat limit, counting seats until they expire and not counting the user's own", async () => {
    const w = await world(2);
    await makeUser(h.db, w.csId, { membership: licensed(w.pro.id) });
    await makeUser(h.db, w.csId, { membership: licensed(w.pro.id, day(-60), day(-1)) }); // expired: frees its seat
    const holder = await makeUser(h.db, w.csId, { membership: licensed(w.pro.id, day(5), day(40)) }); // not started yet: holds a seat

    const err = await refusal(runAs(h.db, w.actors.admin, setLicense, { userId: w.target.id, licenseTypeId: w.pro.id, start: day(0), end: day(9) }));
    expect(err).toMatchObject({ kind: "conflict", message: "No seat left on Pro (2/2)." });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ licenseTypeId: null, version: 1 });

    // Full, yet a seat holder's dates can still change: their own seat is not counted twice.
    await runAs(h.db, w.actors.admin, setLicense, { userId: holder.id, licenseTypeId: w.pro.id, start: day(0), end: day(90) });
    expect(await membership(w.csId, holder.id)).toMatchObject({ licenseStart: day(0), licenseEnd: day(90), version: 2 });

    // An assignment that has already ended takes no seat.
    await runAs(h.db, w.actors.admin, setLicense, { userId: w.target.id, licenseTypeId: w.pro.id, start: day(-30), end: day(-2) });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ licenseTypeId: w.pro.id });
  });

  it("two admins racing for the last seat: one wins, the other gets a clear error", async () => {
    const w = await world(1);
    const rival = await makeUser(h.db, w.csId, { superUserOf: { workspaceId: w.sales.id, roleId: w.viewerRole.id } });
    const admin = w.actors.admin;
    const assign = (userId: string, gate?: Promise<void>, held?: () => void) =>
      runAs(h.db, admin, async (ctx, actor, input: SetLicenseInput) => {
        const row = await setLicense(ctx, actor, input);
        held?.();
        await gate; // keeps the winner's transaction open while the other one reaches the type lock
        return row;
      }, { userId, licenseTypeId: w.pro.id, start: day(0), end: day(30) });

    let results: PromiseSettledResult<unknown>[];
    if (testDatabaseUrl()) {
      let release!: () => void;
      let held!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const firstHolds = new Promise<void>((r) => (held = r));
      const first = assign(w.target.id, gate, held);
      await firstHolds;
      const second = assign(rival.id);
      await new Promise((r) => setTimeout(r, 300));
      release();
      results = await Promise.allSettled([first, second]);
    } else {
      // PGlite has one connection and runs transactions one after the other: the sequential case.
      results = [...(await Promise.allSettled([assign(w.target.id)])), ...(await Promise.allSettled([assign(rival.id)]))];
    }
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected"]);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ kind: "conflict", message: "No seat left on Pro (1/1)." });
    expect(await membership(w.csId, w.target.id)).toMatchObject({ licenseTypeId: w.pro.id });
    expect(await membership(w.csId, rival.id)).toMatchObject({ licenseTypeId: null, version: 1 });
  });
});

describe("removeLicense", () => {
  it.each(ROLE_CASES.map((r) => [r, r === "admin"] as const))("as %s: allowed = %s", async (role: RoleCase, allowed) => {
    const w = await world();
    await h.db.update(clientspaceMemberships).set(licensed(w.pro.id)).where(eq(clientspaceMemberships.accountId, w.target.id));
    const err = await refusal(runAs(h.db, w.actors[role], removeLicense, { userId: w.target.id }));
    const row = await membership(w.csId, w.target.id);
    if (allowed) {
      expect(err).toBeNull();
      expect(row).toMatchObject({ licenseTypeId: null, licenseStart: null, licenseEnd: null, version: 2 });
      expect(await auditOf(w.target.id)).toMatchObject([{ action: "user.license_removed", before: { licenseTypeId: w.pro.id, licenseName: "Pro" } }]);
    } else {
      expect(err).toBeInstanceOf(DomainError);
      expect(row).toMatchObject({ licenseTypeId: w.pro.id, version: 1 });
      expect(await auditOf(w.target.id)).toHaveLength(0);
    }
  });

  it("answers an admin of another clientspace as if the user did not exist", async () => {
    const w = await world();
    const other = await world();
    expect(await refusal(runAs(h.db, other.actors.admin, removeLicense, { userId: w.target.id }))).toMatchObject({ kind: "not_found" });
  });
});
