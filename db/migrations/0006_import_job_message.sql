ALTER TABLE "import_job_rows" ADD COLUMN "changes" jsonb;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD COLUMN "message" text;