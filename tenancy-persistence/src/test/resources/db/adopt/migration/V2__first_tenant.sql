-- Every existing row belongs to the one customer base the service had: make it the first tenant.
-- A fixed id, so that every environment backfills with the same tenant.
INSERT INTO tenancy_tenant (id, key, display_name)
VALUES ('5b0d8a3e-0000-4000-8000-000000000001', 'acme', 'Acme (existing data)');

-- Add tenant_id, backfill it, then require it. The column starts nullable so that ADD COLUMN
-- does not need a default; the foreign key makes every tenant_id name a tenant of the directory.
ALTER TABLE customer ADD COLUMN tenant_id uuid REFERENCES tenancy_tenant (id);
ALTER TABLE orders ADD COLUMN tenant_id uuid REFERENCES tenancy_tenant (id);

UPDATE customer SET tenant_id = '5b0d8a3e-0000-4000-8000-000000000001' WHERE tenant_id IS NULL;
-- An order belongs to its customer's tenant.
UPDATE orders o SET tenant_id = c.tenant_id FROM customer c WHERE c.id = o.customer_id AND o.tenant_id IS NULL;

ALTER TABLE customer ALTER COLUMN tenant_id SET NOT NULL;
ALTER TABLE orders ALTER COLUMN tenant_id SET NOT NULL;
