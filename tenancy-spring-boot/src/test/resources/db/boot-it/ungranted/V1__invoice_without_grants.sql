CREATE TABLE invoice (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id bigint NOT NULL,
	amount numeric NOT NULL,
	PRIMARY KEY (tenant_id, id)
);

SELECT tenancy_enable_rls('invoice');

-- The application role gets no privilege on its own table: the default privileges of the
-- test database granted some, take them all back.
DO $$
DECLARE
	grantee text;
BEGIN
	FOR grantee IN SELECT DISTINCT p.grantee::regrole::text
			FROM pg_catalog.pg_class c, aclexplode(c.relacl) AS p
			WHERE c.oid = 'invoice'::regclass AND p.grantee NOT IN (0, c.relowner) LOOP
		EXECUTE format('REVOKE ALL ON invoice FROM %I', grantee);
	END LOOP;
END
$$;
