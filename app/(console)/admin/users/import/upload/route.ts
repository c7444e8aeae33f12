import type { NextRequest } from "next/server";
import { getDb } from "@/db/client";
import { FAILED_MESSAGE, SESSION_ENDED_MESSAGE, type ActionResult } from "@/lib/action";
import { getSessionCheck } from "@/lib/auth/current-user";
import { isSameOriginRequest } from "@/lib/auth/same-origin";
import { DomainError } from "@/lib/errors";
import { refuseUnlessMayImport } from "@/lib/import/preview";
import { uploadImportFile, type ImportPreview } from "@/lib/import/upload";
import { uploadQuerySchema } from "@/lib/import/upload-schema";
import { NOTHING_POLICY, securityHeaders, servedOverHttps } from "@/lib/security/headers";
import { baseName, MAX_UPLOAD_BYTES, tooLargeFile } from "@/lib/transfer/read-file";
import { emptyFile } from "@/lib/transfer/table";
import { readBodyWithin } from "@/lib/transfer/upload-body";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

/**
 * The import's file upload (SPEC section 6; issue 10, requirement 6). A route rather than a server
 * action: server actions take small bodies only, and this door must refuse a large one before
 * reading it. In order: the request comes from our own page, the session and the permission
 * hold, the declared size is within the limit, then the body is counted as it arrives and
 * abandoned past the limit. The file is read on a worker thread (lib/transfer/read-off-thread.ts).
 * Answers are ActionResult JSON, as the server actions answer, so that the form treats both alike.
 */

const CROSS_SITE = "This upload did not come from Roster's import page. Open the import page and upload the file there.";
const NO_FILE = "Choose a file to import.";
const STALE_PAGE = "This import cannot be read from this page. Reload it and try again.";

type Answer = ActionResult<ImportPreview>;

/** The proxy skips this route (proxy.ts says why): every answer carries the security headers itself. */
function replies(request: NextRequest) {
  const https = servedOverHttps(request.nextUrl, request.headers.get("x-forwarded-proto"));
  const headers = { ...securityHeaders({ csp: NOTHING_POLICY, https }), "Cache-Control": "no-store" };
  return {
    answer: (status: number, body: Answer) => Response.json(body, { status, headers }),
    // Said at once, and the connection closed rather than the rest of the body drained.
    tooLarge: (message: string) => Response.json({ ok: false, message } satisfies Answer, { status: 413, headers: { ...headers, Connection: "close" } }),
  };
}

/** Opened in a browser: there is nothing to show, but the answer carries the headers all the same. */
export function GET(request: NextRequest): Response {
  return replies(request).answer(405, { ok: false, message: "Files are uploaded from the import page." });
}

/** The house's refusals as HTTP: not allowed answers as if the door were not there (SPEC section 2). */
function statusOf(error: DomainError): number {
  return { invalid: 400, forbidden: 404, not_found: 404, conflict: 409 }[error.kind];
}

export async function POST(request: NextRequest): Promise<Response> {
  const { answer, tooLarge } = replies(request);
  if (!isSameOriginRequest(request.headers)) return answer(403, { ok: false, message: CROSS_SITE });
  const check = await getSessionCheck();
  if (!check?.ok) return answer(401, { ok: false, message: SESSION_ENDED_MESSAGE });
  const user = check.user;
  try {
    refuseUnlessMayImport(user);
  } catch (error) {
    if (error instanceof DomainError) return answer(statusOf(error), { ok: false, message: error.message, kind: error.kind });
    throw error;
  }

  const query = uploadQuerySchema.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.success) {
    const noName = query.error.issues.some((issue) => issue.path[0] === "name");
    return answer(400, noName ? { ok: false, message: NO_FILE, fieldErrors: { file: [NO_FILE] } } : { ok: false, message: STALE_PAGE });
  }
  const { name, mappingId, sendInvitations } = query.data;

  const declared = request.headers.has("content-length") ? Number(request.headers.get("content-length")) : null;
  if (declared !== null && declared > MAX_UPLOAD_BYTES) return tooLarge(tooLargeFile(name, declared).message);
  const body = await readBodyWithin(request.body, MAX_UPLOAD_BYTES);
  if (!body.ok) return tooLarge(tooLargeFile(name, "over").message);
  // A file was chosen (it has a name) but holds nothing: said as such, not as "choose a file".
  if (body.bytes.length === 0) return answer(400, { ok: false, message: emptyFile(baseName(name)).message, kind: "invalid" });
  // A body shorter than announced was cut on its way (a dropped connection, a proxy's own limit):
  // reading it would import part of the file as if it were whole.
  if (declared !== null && body.bytes.length !== declared) {
    return answer(400, { ok: false, message: `${baseName(name)} did not arrive whole. Upload it again.` });
  }

  try {
    const result = await uploadImportFile(await getDb(), user, { fileName: name, bytes: body.bytes, mappingId: mappingId || undefined, sendInvitations: sendInvitations === "true" });
    return answer(200, { ok: true, ...result });
  } catch (error) {
    if (error instanceof DomainError) return answer(statusOf(error), { ok: false, message: error.message, fieldErrors: error.fieldErrors, kind: error.kind });
    console.error("Import upload failed", error);
    return answer(500, { ok: false, message: FAILED_MESSAGE });
  }
}
