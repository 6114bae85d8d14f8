-- Two tables of the same shape for RepositoryBenchmark: bench_rls_item is a kit table
-- under row-level security; bench_plain_item has none, so that the application role can
-- read and write it without a tenant setting (the unscoped R2dbcEntityTemplate baseline,
-- and the kit with RowLevelSecurity.DISABLED).
CREATE TABLE bench_plain_item (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id uuid NOT NULL DEFAULT gen_random_uuid(),
	name text NOT NULL,
	quantity integer NOT NULL,
	active boolean NOT NULL,
	created_at timestamptz NOT NULL,
	CONSTRAINT bench_plain_item_pk PRIMARY KEY (tenant_id, id)
);

CREATE TABLE bench_rls_item (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id uuid NOT NULL DEFAULT gen_random_uuid(),
	name text NOT NULL,
	quantity integer NOT NULL,
	active boolean NOT NULL,
	created_at timestamptz NOT NULL,
	CONSTRAINT bench_rls_item_pk PRIMARY KEY (tenant_id, id)
);

SELECT tenancy_enable_rls('bench_rls_item');
