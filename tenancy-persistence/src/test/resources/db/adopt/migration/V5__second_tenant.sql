-- A second tenant, added later: it starts with no rows. (In production, tenants are usually
-- created by an onboarding process rather than a migration.)
INSERT INTO tenancy_tenant (id, key, display_name)
VALUES ('5b0d8a3e-0000-4000-8000-000000000002', 'globex', 'Globex');
