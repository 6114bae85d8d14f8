-- Keys lead with tenant_id: a lookup is always one tenant's, a unique value is unique within a
-- tenant, and a foreign key cannot point into another tenant.
ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;
ALTER TABLE orders DROP CONSTRAINT orders_pkey;
ALTER TABLE customer DROP CONSTRAINT customer_pkey;
ALTER TABLE customer DROP CONSTRAINT customer_email_key;

ALTER TABLE customer ADD CONSTRAINT customer_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE customer ADD CONSTRAINT customer_email_key UNIQUE (tenant_id, email);
ALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (tenant_id, id);
ALTER TABLE orders ADD CONSTRAINT orders_customer_fkey
	FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id);

-- Indexes lead with tenant_id too.
DROP INDEX orders_customer_idx;
CREATE INDEX orders_customer_idx ON orders (tenant_id, customer_id);
