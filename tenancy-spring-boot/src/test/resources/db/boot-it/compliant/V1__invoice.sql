CREATE TABLE invoice (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id bigint NOT NULL,
	amount numeric NOT NULL,
	PRIMARY KEY (tenant_id, id)
);

SELECT tenancy_enable_rls('invoice');
