-- clientspace_memberships.license_name mirrors the license type's name (sortable by index).
CREATE OR REPLACE FUNCTION roster_membership_license_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.license_type_id IS NULL THEN
    NEW.license_name := NULL;
  ELSE
    SELECT lt.name INTO NEW.license_name FROM license_types lt WHERE lt.id = NEW.license_type_id;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER clientspace_memberships_license_name
  BEFORE INSERT OR UPDATE OF license_type_id ON clientspace_memberships
  FOR EACH ROW EXECUTE FUNCTION roster_membership_license_name();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION roster_license_type_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE clientspace_memberships SET license_name = NEW.name WHERE license_type_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER license_types_renamed
  AFTER UPDATE OF name ON license_types
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
  EXECUTE FUNCTION roster_license_type_renamed();
--> statement-breakpoint
UPDATE clientspace_memberships m SET license_name = lt.name FROM license_types lt WHERE lt.id = m.license_type_id;
