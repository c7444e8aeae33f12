import { getDb } from "@/db/client";
import { getSessionCheck } from "@/lib/auth/current-user";
import { DomainError } from "@/lib/errors";
import { loadImportJob } from "@/lib/import/job";
import { errorFileChunks, errorFileName } from "@/lib/import/report";
import { attachmentDisposition, byteStream } from "@/lib/transfer/download";

// Reads the database on every request; `next build` must never open it.
export const dynamic = "force-dynamic";

/** The error file of an import (the failed rows as uploaded, plus "Error"), streamed as CSV. */
export async function GET(_request: Request, { params }: { params: Promise<{ jobId: string }> }) {
  const check = await getSessionCheck();
  if (!check?.ok) return new Response("Sign in again.", { status: 401 });
  const { jobId } = await params;
  const db = await getDb();
  let fileName: string;
  try {
    // Checked before the first byte: a refusal is a status, not a broken download.
    fileName = errorFileName((await loadImportJob(db, check.user, jobId)).fileName);
  } catch (err) {
    // Not allowed answers as if there were nothing here (SPEC section 2), like every other refusal.
    if (err instanceof DomainError) return new Response(err.message, { status: 404 });
    throw err;
  }
  return new Response(byteStream(errorFileChunks(db, check.user, jobId)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": attachmentDisposition(fileName),
      "cache-control": "no-store",
    },
  });
}
