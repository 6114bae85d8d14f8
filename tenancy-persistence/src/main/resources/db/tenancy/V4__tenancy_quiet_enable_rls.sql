-- Tenancy Kit: tenancy_enable_rls without a NOTICE for every table.
--
-- V2's version ran "DROP POLICY IF EXISTS", which makes PostgreSQL log
--   NOTICE: policy "tenancy_isolation" for relation "..." does not exist, skipping
-- for every table put under row-level security the first time. This version drops the policy
-- only when pg_policy has it, so that a first call is silent and a repeated call (tenancy_distribute
-- re-applies it) still replaces the policy. Same signature, checks and result as V2; CREATE OR
-- REPLACE keeps the function's owner and its revoked PUBLIC grant.

-- Fail unless a table has the column every tenant-owned table needs, "tenant_id uuid NOT NULL".
-- The kit's helpers from here on call it instead of repeating the check (V2's and V3's copies
-- stay: applied migrations are never edited).
CREATE FUNCTION tenancy_require_tenant_id(target regclass) RETURNS void
	LANGUAGE plpgsql STABLE
	AS $$
BEGIN
	IF NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_attribute
		WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped
			AND atttypid = 'uuid'::regtype AND attnotnull
	) THEN
		RAISE EXCEPTION 'table % has no "tenant_id uuid NOT NULL" column', target;
	END IF;
END
$$;

COMMENT ON FUNCTION tenancy_require_tenant_id(regclass) IS
	'Raise unless the table has a "tenant_id uuid NOT NULL" column.';

CREATE OR REPLACE FUNCTION tenancy_enable_rls(target regclass) RETURNS void
	LANGUAGE plpgsql
	AS $$
BEGIN
	PERFORM tenancy_require_tenant_id(target);
	EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
	EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
	IF EXISTS (
		SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = target AND polname = 'tenancy_isolation'
	) THEN
		EXECUTE format('DROP POLICY tenancy_isolation ON %s', target);
	END IF;
	EXECUTE format('CREATE POLICY tenancy_isolation ON %s AS PERMISSIVE FOR ALL '
			|| 'USING (tenant_id = nullif(current_setting(%L, true), %L)::uuid) '
			|| 'WITH CHECK (tenant_id = nullif(current_setting(%L, true), %L)::uuid)',
			target, 'tenancy.tenant_id', '', 'tenancy.tenant_id', '');
END
$$;
