-- Put the access log (audit_entry) of a Casework PostgreSQL database under its own owner role,
-- so the application's role may only INSERT and SELECT on it: no UPDATE, DELETE, TRUNCATE,
-- ALTER TABLE (so no DISABLE TRIGGER) and no DROP. See docs/audit.md.
--
-- Run it as the database superuser, in the Casework database, after `casework init` or
-- `casework db upgrade`, naming the role the app connects as:
--
--     sudo -u postgres psql -v app_role=casework -f docs/audit-owner.sql casework
--
-- It is safe to run again (after every `casework db upgrade`). A later migration that changes
-- audit_entry must then be run by the superuser (the app role may no longer alter the table).
\set ON_ERROR_STOP on

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'casework_audit_owner') THEN
        CREATE ROLE casework_audit_owner NOLOGIN;
    END IF;
END
$$;

BEGIN;
-- The owner: only it (and the superuser) may alter, disable triggers on, truncate or drop it.
ALTER TABLE audit_entry OWNER TO casework_audit_owner;
ALTER FUNCTION audit_entry_append_only() OWNER TO casework_audit_owner;
REVOKE ALL ON audit_entry FROM PUBLIC;
REVOKE ALL ON audit_entry FROM :"app_role";
GRANT SELECT, INSERT ON audit_entry TO :"app_role";

-- The app role may own the schema (as database owner), which would let it DROP the table:
-- refuse a drop of the log by anyone but a superuser.
CREATE OR REPLACE FUNCTION casework_audit_no_drop() RETURNS event_trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_event_trigger_dropped_objects()
               WHERE object_type = 'table' AND object_name = 'audit_entry')
       AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        RAISE EXCEPTION 'audit_entry may be dropped only by the database superuser';
    END IF;
END
$$;
ALTER FUNCTION casework_audit_no_drop() OWNER TO casework_audit_owner;
DROP EVENT TRIGGER IF EXISTS casework_audit_no_drop;
CREATE EVENT TRIGGER casework_audit_no_drop ON sql_drop EXECUTE FUNCTION casework_audit_no_drop();
COMMIT;
