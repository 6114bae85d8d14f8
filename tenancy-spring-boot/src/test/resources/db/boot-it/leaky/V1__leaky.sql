-- A tenant-owned table that forgot row-level security.
CREATE TABLE leaky (
	tenant_id uuid NOT NULL,
	id bigint NOT NULL,
	PRIMARY KEY (tenant_id, id)
);
