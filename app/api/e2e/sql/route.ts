import { timingSafeEqual } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import { getDatabase } from "@/db/client";

export const dynamic = "force-dynamic";

/**
 * Test-only window on the database for the Playwright suite, which must check what a UI action
 * wrote while the server holds the embedded database (PGlite allows one process). It exists only
 * when the test runner starts the server with ROSTER_E2E_BRIDGE_TOKEN (32+ characters) and
 * answers only requests carrying that token; otherwise it is a plain 404.
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
