CREATE TABLE "account_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"clientspace_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"user_agent" text,
	"ip_address" text
);
--> statement-breakpoint
CREATE TABLE "throttle_counters" (
	"bucket" text NOT NULL,
	"key" text NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"blocked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "throttle_counters_bucket_key_pk" PRIMARY KEY("bucket","key")
);
--> statement-breakpoint
ALTER TABLE "clientspaces" ADD COLUMN "lockout_minutes" integer;--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "home_clientspace_id" uuid;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD COLUMN "invited_first_name" text;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD COLUMN "invited_last_name" text;--> statement-breakpoint
ALTER TABLE "clientspace_memberships" ADD COLUMN "invited_username" text;--> statement-breakpoint
ALTER TABLE "account_sessions" ADD CONSTRAINT "account_sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_sessions" ADD CONSTRAINT "account_sessions_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_sessions_account_idx" ON "account_sessions" USING btree ("account_id","last_seen_at");--> statement-breakpoint
CREATE INDEX "account_sessions_clientspace_idx" ON "account_sessions" USING btree ("clientspace_id","account_id");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_home_clientspace_id_clientspaces_id_fk" FOREIGN KEY ("home_clientspace_id") REFERENCES "public"."clientspaces"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_home_idx" ON "accounts" USING btree ("home_clientspace_id");--> statement-breakpoint
-- Every account gets its home (SPEC section 2): the clientspace of its first membership that is
-- not an invitation, else of its first membership. Memberships themselves are left as they are.
UPDATE accounts a SET home_clientspace_id = h.clientspace_id
  FROM (SELECT DISTINCT ON (account_id) account_id, clientspace_id
          FROM clientspace_memberships
         ORDER BY account_id, (origin = 'invited'), created_at, clientspace_id) h
 WHERE h.account_id = a.id AND a.home_clientspace_id IS NULL;
--> statement-breakpoint
-- A membership of an account whose home is elsewhere, not yet accepted, shows what the inviting
-- clientspace typed. The ones that exist keep showing what they show today.
UPDATE clientspace_memberships m SET
    invited_first_name = m.first_name,
    invited_last_name = m.last_name,
    invited_username = m.username
  FROM accounts a
 WHERE a.id = m.account_id AND m.joined_at IS NULL
   AND a.home_clientspace_id IS DISTINCT FROM m.clientspace_id;
--> statement-breakpoint
-- The users page's copies of an account (migration 0002), now with the identity rule: a pending
-- membership in a clientspace that is not the account's home holds the names the inviter typed
-- and no connection dates or lock, so that nothing of another tenant's person shows before they
-- accept. The first membership of an account makes its clientspace the account's home.
CREATE OR REPLACE FUNCTION roster_membership_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  home uuid;
BEGIN
  SELECT a.email, a.username, a.first_name, a.last_name, a.first_connection_at, a.last_connection_at, a.locked_at, a.home_clientspace_id
    INTO NEW.email, NEW.username, NEW.first_name, NEW.last_name, NEW.first_connection_at, NEW.last_connection_at, NEW.locked_at, home
    FROM accounts a WHERE a.id = NEW.account_id;
  -- Only an account's very first membership makes a home: an account whose home is gone while it
  -- still belongs elsewhere is controlled by nobody, rather than by whoever adds it next.
  IF TG_OP = 'INSERT' AND home IS NULL
     AND NOT EXISTS (SELECT 1 FROM clientspace_memberships o WHERE o.account_id = NEW.account_id) THEN
    UPDATE accounts SET home_clientspace_id = NEW.clientspace_id WHERE id = NEW.account_id;
    home := NEW.clientspace_id;
  END IF;
  IF NEW.joined_at IS NULL AND home IS DISTINCT FROM NEW.clientspace_id THEN
    NEW.email := lower(NEW.email);
    NEW.first_name := coalesce(NEW.invited_first_name, '');
    NEW.last_name := coalesce(NEW.invited_last_name, '');
    NEW.username := coalesce(NEW.invited_username, '');
    NEW.first_connection_at := NULL;
    NEW.last_connection_at := NULL;
    NEW.locked_at := NULL;
  END IF;
  NEW.sort_name := roster_directory_sort_name(NEW.first_name, NEW.last_name);
  NEW.search := roster_directory_search(NEW.first_name, NEW.last_name, NEW.email, NEW.username);
  RETURN NEW;
END $$;
--> statement-breakpoint
DROP TRIGGER clientspace_memberships_fill ON clientspace_memberships;
--> statement-breakpoint
CREATE TRIGGER clientspace_memberships_fill
  BEFORE INSERT OR UPDATE OF account_id, joined_at, invited_first_name, invited_last_name, invited_username ON clientspace_memberships
  FOR EACH ROW EXECUTE FUNCTION roster_membership_fill();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_account_propagate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE clientspace_memberships m SET
    email = NEW.email,
    username = NEW.username,
    first_name = NEW.first_name,
    last_name = NEW.last_name,
    first_connection_at = NEW.first_connection_at,
    last_connection_at = NEW.last_connection_at,
    locked_at = NEW.locked_at,
    sort_name = roster_directory_sort_name(NEW.first_name, NEW.last_name),
    search = roster_directory_search(NEW.first_name, NEW.last_name, NEW.email, NEW.username)
  WHERE m.account_id = NEW.id
    AND NOT (m.joined_at IS NULL AND NEW.home_clientspace_id IS DISTINCT FROM m.clientspace_id);
  RETURN NULL;
END $$;
