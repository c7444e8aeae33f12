import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { getDb } from "@/db/client";
import { GridEntry } from "@/components/import/grid-entry";
import { PastImports } from "@/components/import/past-imports";
import { UploadForm } from "@/components/import/upload-form";
import { PageHeader } from "@/components/page-header";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { requirePagePermission } from "@/lib/auth/current-user";
import { listImportJobs } from "@/lib/import/report";

export const metadata: Metadata = { title: "Import users" };

const TEMPLATE = "/admin/users/export?scope=template";

export default async function ImportPage() {
  const user = await requirePagePermission("users.import");
  const jobs = await listImportJobs(await getDb(), user);
  return (
    <>
      <PageHeader
        title="Import users"
        description="Upload a file or type rows: Roster maps the columns, shows what each row will do, and applies it only when you start."
        actions={
          <div className="flex flex-wrap gap-2">
            <Button asChild variant="outline">
              <a href={`${TEMPLATE}&format=csv`} download>
                <Download aria-hidden="true" />
                Download template (CSV)
              </a>
            </Button>
            <Button asChild variant="outline">
              <a href={`${TEMPLATE}&format=xlsx`} download>
                <Download aria-hidden="true" />
                Download template (Excel)
              </a>
            </Button>
          </div>
        }
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Upload a file</CardTitle>
            <CardDescription>
              Rows are matched to users by ID, else by email. Headers in English or French, and the exports of Okta, Entra ID or Google Workspace, are mapped
              automatically.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <UploadForm />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Type or paste rows</CardTitle>
            <CardDescription>Columns left empty on every line are not changed. The rows go through the same preview as a file.</CardDescription>
          </CardHeader>
          <CardContent>
            <GridEntry />
          </CardContent>
        </Card>
        <section aria-labelledby="past-imports" className="grid gap-3">
          <h2 id="past-imports" className="text-base font-semibold">
            Past imports
          </h2>
          <PastImports jobs={jobs} />
        </section>
        <p className="text-sm">
          <Link href="/admin/users" className="text-primary underline-offset-4 hover:underline">
            Back to users
          </Link>
        </p>
      </div>
    </>
  );
}
