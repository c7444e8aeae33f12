import type { NextRequest } from "next/server";
import { getDatabase } from "@/db/client";
import { getSessionCheck } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import { attachmentDisposition, byteStream } from "@/lib/transfer/download";
import { prepareUserExport, XlsxTooLarge } from "@/lib/users/export";
import { exportHref, parseExportForm, parseExportQuery, type ExportRequest } from "@/lib/users/export-schema";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

/**
 * Downloads of the user list (SPEC section 7): GET for all users, the page's filters, "all
 * matching" and the template; POST (a form of ids) for picked users. The domain function decides
 * who may and which rows; this file turns its answer into HTTP.
 */

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A refusal the browser shows in place of the file, with a way on when there is one. */
function refusal(status: number, message: string, link?: { href: string; label: string }) {
  const action = link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : "";
  const back = `<p><a href="/admin/users">Back to users</a></p>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Download refused</title></head><body><p>${escapeHtml(message)}</p>${action}${back}</body></html>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

async function download(request: ExportRequest | { error: string }) {
  const check = await getSessionCheck();
  if (!check?.ok) return refusal(401, "Your session has ended. Sign in again.", { href: "/sign-in", label: "Sign in" });
  if ("error" in request) return refusal(400, request.error);
  const user = check.user;

  try {
    const database = await getDatabase();
    const file = await prepareUserExport(
      { db: database.db, databaseUrl: database.kind === "postgres" ? database.url : undefined, auditActor: { accountId: user.accountId, label: user.name, clientspaceId: user.clientspaceId }, source: "ui" },
      user,
      request,
    );
    const headers = {
      "content-type": file.contentType,
      "content-disposition": attachmentDisposition(file.filename),
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    };
    return new Response(byteStream(file.body.chunks), { headers });
  } catch (err) {
    if (err instanceof XlsxTooLarge && "filters" in request) {
      return refusal(422, err.message, { href: exportHref("csv", request.scope, request.filters), label: "Download as CSV" });
    }
    if (err instanceof XlsxTooLarge && !("ids" in request)) {
      return refusal(422, err.message, { href: exportHref("csv", request.scope), label: "Download as CSV" });
    }
    // Not allowed answers as if there were nothing here (SPEC section 2).
    if (err instanceof DomainError) return refusal(err.kind === "forbidden" || err.kind === "not_found" ? 404 : 400, err.message);
    console.error("User list download failed", err);
    return refusal(500, "The download could not be prepared. Try again in a moment.");
  }
}

export async function GET(request: NextRequest) {
  return download(parseExportQuery(request.nextUrl.searchParams));
}

export async function POST(request: NextRequest) {
  const form = await request.formData().catch(() => null);
  return download(form ? parseExportForm(form) : { error: "This selection cannot be downloaded. Reload the page and select again." });
}
