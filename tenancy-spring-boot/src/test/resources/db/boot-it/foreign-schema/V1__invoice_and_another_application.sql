CREATE TABLE invoice (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id bigint NOT NULL,
	amount numeric NOT NULL,
	PRIMARY KEY (tenant_id, id)
);

SELECT tenancy_enable_rls('invoice');

-- Another application's schema in the same database: its own tenant-owned table, and no
-- privilege on either for this application's role.
CREATE SCHEMA other_app;
REVOKE ALL ON SCHEMA other_app FROM PUBLIC;

CREATE TABLE other_app.ledger (
	tenant_id uuid NOT NULL,
	id bigint NOT NULL,
	PRIMARY KEY (tenant_id, id)
);
