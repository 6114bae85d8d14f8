-- Tenancy Kit: the tenant directory.
--
-- One row per tenant. This table is NOT tenant-owned: it is the lookup that produces the
-- tenant of a request, so it has no tenant_id column and no row-level security. The
-- application role only needs to read it; tenants are provisioned by an operator role.
-- Typical grants (a deployment concern, shown for reference):
--
--   GRANT SELECT ON tenancy_tenant TO my_app;
--   REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON tenancy_tenant FROM my_app;

CREATE TABLE tenancy_tenant (
	id uuid NOT NULL,
	key text NOT NULL,
	display_name text NOT NULL,
	status text NOT NULL DEFAULT 'ACTIVE',
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),

	-- The internal, immutable identity of a tenant; the value stored in every tenant_id
	-- column. Its index serves TenantDirectory.findById.
	CONSTRAINT tenancy_tenant_pk PRIMARY KEY (id),

	-- One key names exactly one tenant. The unique index also serves
	-- TenantDirectory.findByKey, the lookup made for every request.
	CONSTRAINT tenancy_tenant_key_unique UNIQUE (key),

	-- The same rule as io.tenancykit.api.TenantKey: a lowercase DNS label of 1 to 63
	-- characters, [a-z0-9] with inner hyphens only, and no hyphens in positions 3 and 4
	-- (reserved for IDNA "xn--" labels, which would let two spellings name one tenant).
	-- A key the Java type rejects can therefore never be stored, and a stored key always
	-- parses.
	CONSTRAINT tenancy_tenant_key_dns_label CHECK (
		key ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'
		AND substr(key, 3, 2) <> '--'
	),

	-- io.tenancykit.api.Tenant refuses a blank display name.
	CONSTRAINT tenancy_tenant_display_name_not_blank CHECK (display_name ~ '[^[:space:]]'),

	-- The values of io.tenancykit.api.TenantStatus. Plain text with a CHECK rather than an
	-- enum type, so that adding a status is a constraint change, not a type migration.
	CONSTRAINT tenancy_tenant_status_known CHECK (status IN ('ACTIVE', 'SUSPENDED')),

	-- A row cannot have been changed before it was created.
	CONSTRAINT tenancy_tenant_updated_not_before_created CHECK (updated_at >= created_at)
);

COMMENT ON TABLE tenancy_tenant IS
	'Tenancy Kit tenant directory. Not tenant-owned: no tenant_id, no row-level security; the application role needs SELECT only.';
COMMENT ON COLUMN tenancy_tenant.id IS 'Internal immutable tenant id, the value of every tenant_id column.';
COMMENT ON COLUMN tenancy_tenant.key IS 'Public tenant key: lowercase DNS label, same rule as TenantKey.';
COMMENT ON COLUMN tenancy_tenant.status IS 'ACTIVE or SUSPENDED; only ACTIVE tenants are served.';
