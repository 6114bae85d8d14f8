-- Flyway callback of the sample's zero-configuration run (not used by its tests, where the
-- tenancy-test harness provides the roles). It makes sure the application role exists and may
-- use the sample's tables, without ever owning them, being a superuser or bypassing RLS:
-- the startup verifier refuses to start otherwise.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tenancy_sample_app') THEN
		CREATE ROLE tenancy_sample_app LOGIN PASSWORD 'tenancy_sample_app'
			NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
	END IF;
END
$$;

GRANT USAGE ON SCHEMA tenancy_sample TO tenancy_sample_app;
-- The tenant directory is read-only for the application.
GRANT SELECT ON tenancy_sample.tenancy_tenant TO tenancy_sample_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON tenancy_sample.project TO tenancy_sample_app;
