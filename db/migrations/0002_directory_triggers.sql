-- The users page reads one table (clientspace_memberships). These triggers keep its copies of
-- account fields equal to the account, whatever door (UI, import, API, SQL) wrote the account.
CREATE OR REPLACE FUNCTION roster_directory_search(first_name text, last_name text, email text, username text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT lower(unaccent(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' | ' ||
                        coalesce(last_name, '') || ' ' || coalesce(first_name, '') || ' | ' ||
                        coalesce(email, '') || ' | ' || coalesce(username, '')))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_directory_sort_name(first_name text, last_name text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT lower(unaccent(coalesce(last_name, '') || ' ' || coalesce(first_name, '')))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_membership_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.email, a.username, a.first_name, a.last_name, a.first_connection_at, a.last_connection_at, a.locked_at
    INTO NEW.email, NEW.username, NEW.first_name, NEW.last_name, NEW.first_connection_at, NEW.last_connection_at, NEW.locked_at
    FROM accounts a WHERE a.id = NEW.account_id;
  NEW.sort_name := roster_directory_sort_name(NEW.first_name, NEW.last_name);
  NEW.search := roster_directory_search(NEW.first_name, NEW.last_name, NEW.email, NEW.username);
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER clientspace_memberships_fill
  BEFORE INSERT OR UPDATE OF account_id ON clientspace_memberships
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
  WHERE m.account_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER accounts_propagate
  AFTER UPDATE ON accounts
  FOR EACH ROW
  WHEN (OLD.email IS DISTINCT FROM NEW.email
     OR OLD.username IS DISTINCT FROM NEW.username
     OR OLD.first_name IS DISTINCT FROM NEW.first_name
     OR OLD.last_name IS DISTINCT FROM NEW.last_name
     OR OLD.first_connection_at IS DISTINCT FROM NEW.first_connection_at
     OR OLD.last_connection_at IS DISTINCT FROM NEW.last_connection_at
     OR OLD.locked_at IS DISTINCT FROM NEW.locked_at)
  EXECUTE FUNCTION roster_account_propagate();
