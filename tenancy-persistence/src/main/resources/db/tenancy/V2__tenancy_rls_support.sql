-- Tenancy Kit: row-level security support for tenant-owned tables.
--
-- The repository sets the tenant of each transaction with
--   set_config('tenancy.tenant_id', <uuid>, true)
-- (transaction-local, never session-level), and policies compare a table's tenant_id with
-- it. The setting is read with current_setting(name, true), which returns NULL while the
-- name was never used in the session and '' once it was used and reset: nullif(.., '')
-- turns both into NULL, and "tenant_id = NULL" is never true. Without a tenant the
-- policies therefore see no rows and accept no writes: they fail closed, without an error.

-- The tenant of the current transaction, or NULL when none is set.
CREATE FUNCTION tenancy_current_tenant() RETURNS uuid
	LANGUAGE sql STABLE PARALLEL SAFE
	AS $$ SELECT nullif(current_setting('tenancy.tenant_id', true), '')::uuid $$;

COMMENT ON FUNCTION tenancy_current_tenant() IS
	'Tenant of the current transaction (setting tenancy.tenant_id), or NULL when none is set.';

-- Put a tenant-owned table under row-level security: enable and FORCE it (so that the
-- table owner is subject to it too) and create the policy tenancy_isolation, whose USING
-- and WITH CHECK both require tenant_id to equal the tenant of the transaction. Call it
-- from a migration, as the table owner, after creating the table:
--
--   SELECT tenancy_enable_rls('invoice');
--
-- The policy spells out the expression instead of calling tenancy_current_tenant() so
-- that it reads the same in pg_policies and does not depend on function inlining.
CREATE FUNCTION tenancy_enable_rls(target regclass) RETURNS void
	LANGUAGE plpgsql
	AS $$
BEGIN
	IF NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_attribute
		WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped
			AND atttypid = 'uuid'::regtype AND attnotnull
	) THEN
		RAISE EXCEPTION 'table % has no "tenant_id uuid NOT NULL" column', target;
	END IF;
	EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
	EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
	EXECUTE format('DROP POLICY IF EXISTS tenancy_isolation ON %s', target);
	EXECUTE format('CREATE POLICY tenancy_isolation ON %s AS PERMISSIVE FOR ALL '
			|| 'USING (tenant_id = nullif(current_setting(%L, true), %L)::uuid) '
			|| 'WITH CHECK (tenant_id = nullif(current_setting(%L, true), %L)::uuid)',
			target, 'tenancy.tenant_id', '', 'tenancy.tenant_id', '');
END
$$;

COMMENT ON FUNCTION tenancy_enable_rls(regclass) IS
	'Enable and force row-level security on a tenant-owned table and create its tenancy_isolation policy.';

-- Only table owners can run the ALTER TABLE statements anyway; revoking the default
-- PUBLIC grant keeps the function out of reach of roles that have no business calling it.
REVOKE EXECUTE ON FUNCTION tenancy_enable_rls(regclass) FROM PUBLIC;
