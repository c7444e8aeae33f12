CREATE TABLE "user_preferences" (
	"account_id" uuid NOT NULL,
	"clientspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_preferences_account_id_clientspace_id_key_pk" PRIMARY KEY("account_id","clientspace_id","key")
);
--> statement-breakpoint
DROP INDEX "cm_first_conn_idx";--> statement-breakpoint
DROP INDEX "cm_last_conn_idx";--> statement-breakpoint
DROP INDEX "cm_license_end_idx";--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD COLUMN "license_name" text;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_preferences" ADD CONSTRAINT "user_preferences_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cm_license_name_idx" ON "clientspace_memberships" USING btree ("clientspace_id",coalesce("license_name", ''),"account_id");--> statement-breakpoint
CREATE INDEX "cm_first_conn_idx" ON "clientspace_memberships" USING btree ("clientspace_id",coalesce("first_connection_at", '-infinity'::timestamptz),"account_id");--> statement-breakpoint
CREATE INDEX "cm_last_conn_idx" ON "clientspace_memberships" USING btree ("clientspace_id",coalesce("last_connection_at", '-infinity'::timestamptz),"account_id");--> statement-breakpoint
CREATE INDEX "cm_license_end_idx" ON "clientspace_memberships" USING btree ("clientspace_id",coalesce("license_end", 'infinity'::date),"account_id");