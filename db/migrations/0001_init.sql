CREATE TYPE "public"."membership_kind" AS ENUM('internal', 'external');--> statement-breakpoint
CREATE TYPE "public"."membership_origin" AS ENUM('created', 'invited', 'imported', 'api', 'scim');--> statement-breakpoint
CREATE TYPE "public"."token_purpose" AS ENUM('invitation', 'password_reset');--> statement-breakpoint
CREATE TYPE "public"."audit_source" AS ENUM('ui', 'import', 'api', 'scim', 'system');--> statement-breakpoint
CREATE TYPE "public"."import_job_status" AS ENUM('uploaded', 'previewed', 'running', 'cancelling', 'cancelled', 'completed', 'interrupted', 'failed');--> statement-breakpoint
CREATE TYPE "public"."import_row_outcome" AS ENUM('pending', 'create', 'update', 'unchanged', 'error');--> statement-breakpoint
CREATE TYPE "public"."email_status" AS ENUM('pending', 'sent', 'failed');--> statement-breakpoint
CREATE TABLE "clientspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"lockout_threshold" integer DEFAULT 10 NOT NULL,
	"inactivity_days" integer DEFAULT 90 NOT NULL,
	"invitation_hours" integer DEFAULT 24 NOT NULL,
	"super_users_may_create_users" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clientspaces_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "workspaces" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"username" text NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"password_hash" text,
	"password_changed_at" timestamp with time zone,
	"failed_sign_in_count" integer DEFAULT 0 NOT NULL,
	"locked_at" timestamp with time zone,
	"first_connection_at" timestamp with time zone,
	"last_connection_at" timestamp with time zone,
	"sso" boolean DEFAULT false NOT NULL,
	"session_version" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"built_in" boolean DEFAULT false NOT NULL,
	"permissions" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "license_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"seat_limit" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clientspace_memberships" (
	"clientspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"origin" "membership_origin" DEFAULT 'created' NOT NULL,
	"kind" "membership_kind" DEFAULT 'internal' NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"is_auditor" boolean DEFAULT false NOT NULL,
	"title" text,
	"service" text,
	"phone" text,
	"license_type_id" uuid,
	"license_start" date,
	"license_end" date,
	"disabled" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"invited_at" timestamp with time zone,
	"invitation_expires_at" timestamp with time zone,
	"joined_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"email" text DEFAULT '' NOT NULL,
	"username" text DEFAULT '' NOT NULL,
	"first_name" text DEFAULT '' NOT NULL,
	"last_name" text DEFAULT '' NOT NULL,
	"sort_name" text DEFAULT '' NOT NULL,
	"search" text DEFAULT '' NOT NULL,
	"first_connection_at" timestamp with time zone,
	"last_connection_at" timestamp with time zone,
	"locked_at" timestamp with time zone,
	CONSTRAINT "clientspace_memberships_clientspace_id_account_id_pk" PRIMARY KEY("clientspace_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "workspace_memberships" (
	"workspace_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workspace_memberships_workspace_id_account_id_pk" PRIMARY KEY("workspace_id","account_id")
);
--> statement-breakpoint
CREATE TABLE "objects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"responsible_account_id" uuid,
	"modified_by_account_id" uuid,
	"modified_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "account_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" "token_purpose" NOT NULL,
	"token_hash" text NOT NULL,
	"account_id" uuid NOT NULL,
	"clientspace_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"voided_at" timestamp with time zone,
	CONSTRAINT "account_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"clientspace_id" uuid,
	"actor_account_id" uuid,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text NOT NULL,
	"target_id" text,
	"target_label" text,
	"before" jsonb,
	"after" jsonb,
	"source" "audit_source" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_job_rows" (
	"job_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"raw" jsonb NOT NULL,
	"planned" "import_row_outcome" DEFAULT 'pending' NOT NULL,
	"outcome" "import_row_outcome",
	"error" text,
	"account_id" uuid,
	CONSTRAINT "import_job_rows_job_id_row_number_pk" PRIMARY KEY("job_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"created_by" uuid,
	"status" "import_job_status" DEFAULT 'uploaded' NOT NULL,
	"file_name" text NOT NULL,
	"file_size" bigint DEFAULT 0 NOT NULL,
	"format" text NOT NULL,
	"headers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mapping" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_done" integer DEFAULT 0 NOT NULL,
	"created_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "email_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"clientspace_id" uuid,
	"template" text NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"html" text NOT NULL,
	"text" text NOT NULL,
	"status" "email_status" DEFAULT 'pending' NOT NULL,
	"transport" text,
	"provider_id" text,
	"error" text,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "workspaces" ADD CONSTRAINT "workspaces_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "roles" ADD CONSTRAINT "roles_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_types" ADD CONSTRAINT "license_types_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD CONSTRAINT "clientspace_memberships_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD CONSTRAINT "clientspace_memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD CONSTRAINT "clientspace_memberships_license_type_id_license_types_id_fk" FOREIGN KEY ("license_type_id") REFERENCES "public"."license_types"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD CONSTRAINT "clientspace_memberships_updated_by_accounts_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_memberships" ADD CONSTRAINT "workspace_memberships_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_memberships" ADD CONSTRAINT "workspace_memberships_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_memberships" ADD CONSTRAINT "workspace_memberships_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_memberships" ADD CONSTRAINT "workspace_memberships_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objects" ADD CONSTRAINT "objects_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objects" ADD CONSTRAINT "objects_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objects" ADD CONSTRAINT "objects_responsible_account_id_accounts_id_fk" FOREIGN KEY ("responsible_account_id") REFERENCES "public"."accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "objects" ADD CONSTRAINT "objects_modified_by_account_id_accounts_id_fk" FOREIGN KEY ("modified_by_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_job_rows" ADD CONSTRAINT "import_job_rows_job_id_import_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."import_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "workspaces_clientspace_name_uq" ON "workspaces" USING btree ("clientspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_email_lower_uq" ON "accounts" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_username_uq" ON "accounts" USING btree ("username");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_clientspace_key_uq" ON "roles" USING btree ("clientspace_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_clientspace_name_uq" ON "roles" USING btree ("clientspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "license_types_clientspace_name_uq" ON "license_types" USING btree ("clientspace_id","name");--> statement-breakpoint
CREATE INDEX "cm_account_idx" ON "clientspace_memberships" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "cm_sort_name_idx" ON "clientspace_memberships" USING btree ("clientspace_id","sort_name","account_id");--> statement-breakpoint
CREATE INDEX "cm_email_idx" ON "clientspace_memberships" USING btree ("clientspace_id","email","account_id");--> statement-breakpoint
CREATE INDEX "cm_username_idx" ON "clientspace_memberships" USING btree ("clientspace_id","username","account_id");--> statement-breakpoint
CREATE INDEX "cm_created_idx" ON "clientspace_memberships" USING btree ("clientspace_id","created_at","account_id");--> statement-breakpoint
CREATE INDEX "cm_first_conn_idx" ON "clientspace_memberships" USING btree ("clientspace_id","first_connection_at","account_id");--> statement-breakpoint
CREATE INDEX "cm_last_conn_idx" ON "clientspace_memberships" USING btree ("clientspace_id","last_connection_at","account_id");--> statement-breakpoint
CREATE INDEX "cm_license_idx" ON "clientspace_memberships" USING btree ("clientspace_id","license_type_id","license_end","account_id");--> statement-breakpoint
CREATE INDEX "cm_license_end_idx" ON "clientspace_memberships" USING btree ("clientspace_id","license_end","account_id");--> statement-breakpoint
CREATE INDEX "cm_search_trgm_idx" ON "clientspace_memberships" USING gin ("search" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "cm_disabled_idx" ON "clientspace_memberships" USING btree ("clientspace_id","account_id") WHERE "clientspace_memberships"."disabled";--> statement-breakpoint
CREATE INDEX "cm_locked_idx" ON "clientspace_memberships" USING btree ("clientspace_id","account_id") WHERE "clientspace_memberships"."locked_at" is not null;--> statement-breakpoint
CREATE INDEX "cm_invited_idx" ON "clientspace_memberships" USING btree ("clientspace_id","invitation_expires_at","account_id") WHERE "clientspace_memberships"."joined_at" is null and "clientspace_memberships"."invited_at" is not null;--> statement-breakpoint
CREATE INDEX "cm_admin_idx" ON "clientspace_memberships" USING btree ("clientspace_id","account_id") WHERE "clientspace_memberships"."is_admin";--> statement-breakpoint
CREATE INDEX "wm_clientspace_account_idx" ON "workspace_memberships" USING btree ("clientspace_id","account_id");--> statement-breakpoint
CREATE INDEX "wm_workspace_role_idx" ON "workspace_memberships" USING btree ("workspace_id","role_id","account_id");--> statement-breakpoint
CREATE INDEX "objects_responsible_idx" ON "objects" USING btree ("clientspace_id","responsible_account_id");--> statement-breakpoint
CREATE INDEX "objects_modified_by_idx" ON "objects" USING btree ("clientspace_id","modified_by_account_id","modified_at");--> statement-breakpoint
CREATE INDEX "objects_workspace_idx" ON "objects" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "account_tokens_account_idx" ON "account_tokens" USING btree ("account_id","purpose");--> statement-breakpoint
CREATE INDEX "audit_clientspace_time_idx" ON "audit_events" USING btree ("clientspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_target_idx" ON "audit_events" USING btree ("clientspace_id","target_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_actor_idx" ON "audit_events" USING btree ("clientspace_id","actor_account_id","created_at");--> statement-breakpoint
CREATE INDEX "import_jobs_clientspace_idx" ON "import_jobs" USING btree ("clientspace_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_clientspace_name_uq" ON "import_mappings" USING btree ("clientspace_id","name");--> statement-breakpoint
CREATE INDEX "api_tokens_clientspace_idx" ON "api_tokens" USING btree ("clientspace_id");--> statement-breakpoint
CREATE INDEX "email_outbox_status_idx" ON "email_outbox" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "email_outbox_to_idx" ON "email_outbox" USING btree ("to","id");