import { timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

/**
 * Test-only window on the database for the Playwright suite, which must check what a UI action
 * wrote while the server holds the embedded database (PGlite allows one process). The `.e2e.ts`
 * extension keeps it out of every build but the e2e one (next.config.ts pageExtensions); even
 * there it answers only when the server runs with ROSTER_E2E_BRIDGE_TOKEN (32+ characters) and
 * the request carries that token; otherwise it is a plain 404.
 */
function authorized(request: NextRequest) {
  const expected = process.env.ROSTER_E2E_BRIDGE_TOKEN ?? "";
  const given = request.headers.get("x-e2e-token") ?? "";
  if (expected.length < 32 || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

export async function POST(request: NextRequest) {
  if (!authorized(request)) return new NextResponse("Not found", { status: 404 });
  const { text, params } = (await request.json()) as { text: string; params?: unknown[] };
  const handle = await getDatabase();
  const client = (handle.db as unknown as { $client: unknown }).$client;
  const rows =
    handle.kind === "pglite"
      ? (await (client as { query: (t: string, p?: unknown[]) => Promise<{ rows: unknown[] }> }).query(text, params ?? [])).rows
      : await (client as { unsafe: (t: string, p?: unknown[]) => Promise<unknown[]> }).unsafe(text, (params ?? []) as never[]);
  return NextResponse.json({ rows });
}
