-- Trigram search and accent-insensitive matching for the users page (SPEC section 4).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS unaccent;
