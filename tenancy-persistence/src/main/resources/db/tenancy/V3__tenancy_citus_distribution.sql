-- Tenancy Kit: distribution of tenant-owned tables on Citus (docs/guides/scale-out-with-citus.md).
--
-- Installs harmlessly on a single PostgreSQL server: PL/pgSQL resolves the Citus functions and
-- catalogs only when a function runs, and tenancy_distribute refuses to run without Citus.

-- Whether this database is a Citus coordinator (has the citus extension).
CREATE FUNCTION tenancy_citus_installed() RETURNS boolean
	LANGUAGE sql STABLE
	AS $$ SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_extension WHERE extname = 'citus') $$;

COMMENT ON FUNCTION tenancy_citus_installed() IS
	'Whether the citus extension is installed in this database.';

-- Distribute tenant-owned tables by tenant_id, co-located with the tenant-owned tables already
-- distributed, after making tenancy_tenant a reference table (replicated to every node, so that
-- foreign keys to it keep working). Call it from a migration, as the owner of the tables, after
-- tenancy_enable_rls, with every tenant-owned table that is not distributed yet:
--
--   SELECT tenancy_distribute('customer', 'invoice', 'invoice_line');
--
-- Citus refuses foreign keys between a local and a distributed table, so the foreign keys of the
-- given tables are dropped, the tables distributed, and the foreign keys created again (Citus then
-- creates them between co-located shards). Row-level security is applied again on each table,
-- which Citus propagates to every shard: enabled, forced and with the tenancy_isolation policy.
-- A table already distributed by tenant_id is left as it is, so the call may be repeated; one
-- distributed by another column, or a reference table, is refused.
CREATE FUNCTION tenancy_distribute(VARIADIC targets regclass[]) RETURNS void
	LANGUAGE plpgsql
	AS $$
DECLARE
	directory regclass := to_regclass('tenancy_tenant');
	target regclass;
	distribution text;
	colocated regclass;
	pending regclass[] := '{}';
	foreign_key record;
	foreign_keys text[] := '{}';
	definition text;
BEGIN
	IF NOT tenancy_citus_installed() THEN
		RAISE EXCEPTION 'tenancy_distribute: the citus extension is not installed in database %', current_database()
			USING HINT = 'Distribute tables on a Citus coordinator only; on one PostgreSQL server tenant-owned tables stay local.';
	END IF;
	IF directory IS NULL THEN
		RAISE EXCEPTION 'tenancy_distribute: table tenancy_tenant is not on the search path';
	END IF;
	-- Foreign keys to a reference table need every later command of the transaction on one
	-- connection per node; a migration runs in one transaction.
	PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
	FOREACH target IN ARRAY targets LOOP
		IF NOT EXISTS (
			SELECT 1 FROM pg_catalog.pg_attribute
			WHERE attrelid = target AND attname = 'tenant_id' AND NOT attisdropped
				AND atttypid = 'uuid'::regtype AND attnotnull
		) THEN
			RAISE EXCEPTION 'table % has no "tenant_id uuid NOT NULL" column', target;
		END IF;
		-- A table with a foreign key to the reference table tenancy_tenant may have been added
		-- to Citus's metadata as a local table of the coordinator (partition method 'n',
		-- replication model 's'): it is distributed like a table Citus does not know.
		SELECT coalesce(column_to_column_name(logicalrelid, partkey), 'no column') INTO distribution
		FROM pg_dist_partition WHERE logicalrelid = target AND NOT (partmethod = 'n' AND repmodel = 's');
		IF NOT FOUND THEN
			pending := pending || target;
		ELSIF distribution <> 'tenant_id' THEN
			RAISE EXCEPTION 'table % is already distributed by % rather than tenant_id', target, distribution;
		END IF;
	END LOOP;
	FOR foreign_key IN
		SELECT c.conrelid::regclass AS relation, c.conname, pg_get_constraintdef(c.oid) AS definition
		FROM pg_catalog.pg_constraint c
		WHERE c.contype = 'f' AND c.conrelid = ANY (pending)
		ORDER BY c.conrelid, c.conname
	LOOP
		foreign_keys := foreign_keys || format('ALTER TABLE %s ADD CONSTRAINT %I %s', foreign_key.relation,
			foreign_key.conname, foreign_key.definition);
		EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', foreign_key.relation, foreign_key.conname);
	END LOOP;
	IF NOT EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = directory) THEN
		PERFORM create_reference_table(directory);
	END IF;
	FOREACH target IN ARRAY pending LOOP
		-- Co-locate with the first tenant-owned table distributed by tenant_id, so that joins and
		-- composite foreign keys between tenant tables stay on one node.
		SELECT p.logicalrelid INTO colocated
		FROM pg_dist_partition p
		WHERE p.partmethod = 'h' AND column_to_column_name(p.logicalrelid, p.partkey) = 'tenant_id'
		ORDER BY p.colocationid, p.logicalrelid::oid
		LIMIT 1;
		PERFORM create_distributed_table(target, 'tenant_id',
			colocate_with => coalesce(colocated::text, 'default'));
	END LOOP;
	FOREACH definition IN ARRAY foreign_keys LOOP
		EXECUTE definition;
	END LOOP;
	-- Citus copies a table's policies to the shards it creates; ENABLE, FORCE and the policy are
	-- applied again on the distributed table so that every shard has exactly the kit's policy.
	FOREACH target IN ARRAY targets LOOP
		PERFORM tenancy_enable_rls(target);
	END LOOP;
END
$$;

COMMENT ON FUNCTION tenancy_distribute(regclass[]) IS
	'Citus only: make tenancy_tenant a reference table, distribute tenant-owned tables by tenant_id co-located with the others (keeping their foreign keys), and force the kit policy on every shard.';

REVOKE EXECUTE ON FUNCTION tenancy_distribute(regclass[]) FROM PUBLIC;
