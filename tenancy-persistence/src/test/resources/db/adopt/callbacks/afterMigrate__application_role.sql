-- Flyway runs this after every migrate, as the owner: the application role exists and may use
-- the tables, sequences included, without owning them. The role name is a placeholder
-- (spring.flyway.placeholders.application_role), so the same file serves every environment.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${application_role}') THEN
		CREATE ROLE "${application_role}" LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
	END IF;
END
$$;

GRANT USAGE ON SCHEMA ${schema} TO "${application_role}";
GRANT SELECT ON tenancy_tenant TO "${application_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON customer, orders TO "${application_role}";
-- bigserial ids: inserting needs the sequences.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO "${application_role}";
-- Tables and sequences the owner creates later are granted as they are created.
ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema}
	GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${application_role}";
ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema}
	GRANT USAGE, SELECT ON SEQUENCES TO "${application_role}";
