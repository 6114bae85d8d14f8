-- Fixture tables for the tenancy-persistence integration tests, laid out as the guide
-- docs/guides/tenant-scoped-table.md recommends.

CREATE TABLE test_notebook (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id uuid NOT NULL,
	title text NOT NULL,
	CONSTRAINT test_notebook_pk PRIMARY KEY (tenant_id, id)
);

CREATE TABLE test_note (
	tenant_id uuid NOT NULL REFERENCES tenancy_tenant (id),
	id uuid NOT NULL,
	notebook_id uuid,
	body text NOT NULL,
	CONSTRAINT test_note_pk PRIMARY KEY (tenant_id, id),
	CONSTRAINT test_note_notebook_fk FOREIGN KEY (tenant_id, notebook_id) REFERENCES test_notebook (tenant_id, id)
);

CREATE INDEX test_note_body_idx ON test_note (tenant_id, body);

SELECT tenancy_enable_rls('test_notebook');
SELECT tenancy_enable_rls('test_note');
