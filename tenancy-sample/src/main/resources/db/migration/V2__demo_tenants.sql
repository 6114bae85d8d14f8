-- Demo tenants of the sample service only: two active tenants and a suspended one.
INSERT INTO tenancy_tenant (id, key, display_name, status, created_at, updated_at) VALUES
	('0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e01', 'acme', 'Acme Corporation', 'ACTIVE', now(), now()),
	('0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e02', 'globex', 'Globex Corporation', 'ACTIVE', now(), now()),
	('0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e03', 'initech', 'Initech', 'SUSPENDED', now(), now());
