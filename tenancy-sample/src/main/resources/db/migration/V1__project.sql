-- Projects of a tenant: a tenant-owned table laid out as docs/guides/tenant-scoped-table.md says.
-- The composite primary key leads with tenant_id, so every lookup is a single-tenant query and
-- the table can be distributed by tenant_id (docs/guides/scale-out-with-citus.md).
CREATE TABLE project (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id uuid NOT NULL,
	name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CONSTRAINT project_pk PRIMARY KEY (tenant_id, id)
);

-- Listing pages in creation order stays an index scan within one tenant.
CREATE INDEX project_created_idx ON project (tenant_id, created_at, id);

-- The second wall: ENABLE + FORCE row-level security with a fail-closed policy.
SELECT tenancy_enable_rls('project');
