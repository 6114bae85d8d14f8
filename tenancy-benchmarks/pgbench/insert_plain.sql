-- Insert without any tenant setting: the floor, as a role that bypasses row-level security.
INSERT INTO test_note (tenant_id, id, body) VALUES ('11111111-1111-1111-1111-111111111111'::uuid, gen_random_uuid(), 'bench') RETURNING *;
