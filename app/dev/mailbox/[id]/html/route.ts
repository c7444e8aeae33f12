import { getDb } from "@/db/client";
import { getOutboxEmail } from "@/db/queries/outbox";
import { devMailboxEnabled } from "@/lib/email/dev-mailbox";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

/** The rendered HTML of one outbox email, as a mail client would show it. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!devMailboxEnabled() || !/^\d{1,15}$/.test(id)) return new Response("Not found", { status: 404 });
  const email = await getOutboxEmail(await getDb(), Number(id));
  if (!email) return new Response("Not found", { status: 404 });
  return new Response(email.html, {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // Served from the app's origin: no scripts and no access to its cookies or storage, links still work.
      "content-security-policy": "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation",
      "x-robots-tag": "noindex",
    },
  });
}
