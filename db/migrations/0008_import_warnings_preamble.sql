ALTER TABLE "import_job_rows" ADD COLUMN "warnings" jsonb;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "preamble" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "import_jobs_status_created_idx" ON "import_jobs" USING btree ("status","created_at");