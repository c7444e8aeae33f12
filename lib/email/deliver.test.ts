import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { eq, inArray } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/open";
import { emailOutbox } from "@/db/schema";
import { createTestDatabase } from "@/tests/support/db";
import { deliverPendingEmails, MAX_DELIVERY_ATTEMPTS, queueEmail } from ".";

type Captured = { method?: string; url?: string; headers: IncomingHttpHeaders; body: Record<string, unknown> };

// Stands in for the Resend API: records every request and answers what the test asks for.
async function startCaptureServer(answer: (n: number) => { status: number; body: unknown }) {
  const requests: Captured[] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (raw += chunk));
    req.on("end", () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: raw ? JSON.parse(raw) : {} });
      const { status, body } = answer(requests.length);
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
});
afterAll(async () => h?.close());

const envKeys = ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM", "APP_URL"] as const;
const savedEnv = Object.fromEntries(envKeys.map((k) => [k, process.env[k]]));
let server: Awaited<ReturnType<typeof startCaptureServer>> | undefined;

beforeEach(async () => {
  // Emails left pending by an earlier test would otherwise be picked up by this one.
  await h.db.delete(emailOutbox);
});

afterEach(async () => {
  for (const key of envKeys) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

async function useResend(answer: (n: number) => { status: number; body: unknown }) {
  server = await startCaptureServer(answer);
  process.env.RESEND_API_KEY = "re_test_key";
  process.env.RESEND_BASE_URL = server.url;
  return server;
}

const queueReset = (to: string) =>
  h.db.transaction((tx) => queueEmail(tx, { to, template: "password-reset", props: { resetUrl: "/reset-password/tok" } }));

async function rowOf(id: number) {
  const [row] = await h.db.select().from(emailOutbox).where(eq(emailOutbox.id, id));
  return row;
}

describe("deliverPendingEmails", () => {
  it("sends with Resend and records the provider id", async () => {
    const fake = await useResend((n) => ({ status: 200, body: { id: `provider-${n}` } }));
    process.env.EMAIL_FROM = "Roster Test <mail@roster.example.test>";
    process.env.APP_URL = "https://roster.example.test";
    const id = await queueReset("ada@example.test");

    await deliverPendingEmails(h.db, { ids: [id] });

    expect(fake.requests).toHaveLength(1);
    const [req] = fake.requests;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/emails");
    expect(req.headers.authorization).toBe("Bearer re_test_key");
    const stored = await rowOf(id);
    expect(req.headers["idempotency-key"]).toBe(`roster-outbox/${id}-${stored.createdAt.getTime()}`);
    expect(req.body).toMatchObject({
      from: "Roster Test <mail@roster.example.test>",
      to: "ada@example.test",
      subject: "Reset your Roster password",
      html: stored.html,
      text: stored.text,
    });
    expect(String(req.body.html)).toContain("https://roster.example.test/reset-password/tok");
    expect(stored).toMatchObject({ status: "sent", transport: "resend", providerId: "provider-1", attempts: 1, error: null });
    expect(stored.sentAt).toBeInstanceOf(Date);

    // Already sent: a second run sends nothing again.
    await deliverPendingEmails(h.db);
    expect(fake.requests).toHaveLength(1);
  });

  it("sends pending emails oldest first, within the batch limit", async () => {
    const fake = await useResend((n) => ({ status: 200, body: { id: `p${n}` } }));
    const ids = [await queueReset("one@example.test"), await queueReset("two@example.test"), await queueReset("three@example.test")];

    await deliverPendingEmails(h.db, { limit: 2 });
    expect(fake.requests.map((r) => r.body.to)).toEqual(["one@example.test", "two@example.test"]);
    expect((await rowOf(ids[2])).status).toBe("pending");

    await deliverPendingEmails(h.db);
    expect(fake.requests.map((r) => r.body.to)).toEqual(["one@example.test", "two@example.test", "three@example.test"]);
  });

  it("keeps a failed email pending with the error, then marks it failed after the last attempt", async () => {
    const fake = await useResend(() => ({
      status: 500,
      body: { name: "internal_server_error", statusCode: 500, message: "boom" },
    }));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const id = await queueReset("bob@example.test");

    await expect(deliverPendingEmails(h.db, { ids: [id] })).resolves.toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(await rowOf(id)).toMatchObject({ status: "pending", attempts: 1, providerId: null, sentAt: null });
    expect((await rowOf(id)).error).toContain("boom");
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`Email ${id} (password-reset) to bob@example.test`));

    for (let i = 2; i < MAX_DELIVERY_ATTEMPTS; i++) await deliverPendingEmails(h.db, { ids: [id] });
    expect(await rowOf(id)).toMatchObject({ status: "pending", attempts: MAX_DELIVERY_ATTEMPTS - 1 });
    await deliverPendingEmails(h.db, { ids: [id] });
    expect(await rowOf(id)).toMatchObject({ status: "failed", attempts: MAX_DELIVERY_ATTEMPTS });

    await deliverPendingEmails(h.db, { ids: [id] });
    expect(fake.requests).toHaveLength(MAX_DELIVERY_ATTEMPTS);
  });

  it("does not throw when the provider cannot be reached", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    process.env.RESEND_API_KEY = "re_test_key";
    // A port nobody listens on: bind one, then close it.
    const closed = await startCaptureServer(() => ({ status: 200, body: {} }));
    await closed.close();
    process.env.RESEND_BASE_URL = closed.url;
    const id = await queueReset("nobody@example.test");

    await expect(deliverPendingEmails(h.db, { ids: [id] })).resolves.toBeUndefined();
    expect(await rowOf(id)).toMatchObject({ status: "pending", attempts: 1 });
    expect((await rowOf(id)).error).toBeTruthy();
    expect(logged).toHaveBeenCalled();
  });

  it("sends nothing without RESEND_API_KEY", async () => {
    const fake = await useResend(() => ({ status: 200, body: { id: "never" } }));
    delete process.env.RESEND_API_KEY;
    const id = await queueReset("local@example.test");

    await deliverPendingEmails(h.db, { ids: [id] });
    await deliverPendingEmails(h.db);
    expect(fake.requests).toHaveLength(0);
    expect(await rowOf(id)).toMatchObject({ status: "pending", transport: "outbox", attempts: 0, providerId: null });
  });

  it("never sends an email written to the local outbox, even once Resend is configured", async () => {
    delete process.env.RESEND_API_KEY;
    const local = await queueReset("dev-data@example.test");
    const fake = await useResend(() => ({ status: 200, body: { id: "p" } }));
    const real = await queueReset("real@example.test");

    await deliverPendingEmails(h.db);
    expect(fake.requests.map((r) => r.body.to)).toEqual(["real@example.test"]);
    const rows = await h.db.select().from(emailOutbox).where(inArray(emailOutbox.id, [local, real]));
    expect(rows.find((r) => r.id === local)).toMatchObject({ status: "pending", transport: "outbox" });
    expect(rows.find((r) => r.id === real)).toMatchObject({ status: "sent", transport: "resend" });
  });

  it("lets concurrent runs send each email once", async () => {
    const fake = await useResend((n) => ({ status: 200, body: { id: `c${n}` } }));
    for (let i = 0; i < 6; i++) await queueReset(`many${i}@example.test`);

    await Promise.all([deliverPendingEmails(h.db), deliverPendingEmails(h.db), deliverPendingEmails(h.db)]);

    const rows = await h.db.select().from(emailOutbox);
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill("sent"));
    expect(fake.requests.map((r) => r.body.to).sort()).toEqual([0, 1, 2, 3, 4, 5].map((i) => `many${i}@example.test`));
  });
});
