import { getDb } from "@/db/client";
import { getOutboxEmail } from "@/db/queries/outbox";
import { previewDocument } from "@/lib/email/dev-mailbox";
import { emailPreviewPolicy } from "@/lib/security/headers";
import { mailboxReader } from "../../reader";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

const notFound = () => new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });

/** The rendered HTML of one outbox email, as a mail client would show it, framed by the email's page. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const reader = await mailboxReader();
  const { id } = await params;
  if (!reader || !/^\d{1,15}$/.test(id)) return notFound();
  const email = await getOutboxEmail(await getDb(), reader.clientspaceId, Number(id));
  if (!email) return notFound();
  return new Response(previewDocument(email.html), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // Served from the app's origin, so sandboxed: no scripts, no access to its cookies or storage,
      // framed only by the mailbox page; links still open (proxy.ts sends the same policy).
      "content-security-policy": emailPreviewPolicy(),
      "x-frame-options": "SAMEORIGIN",
      "x-robots-tag": "noindex",
    },
  });
}
