-- Insert of the kit on one server (ADR-021): INSERT ... SELECT after the inline setting.
INSERT INTO test_note (tenant_id, id, body) SELECT '11111111-1111-1111-1111-111111111111'::uuid, gen_random_uuid(), 'bench' WHERE (SELECT set_config('tenancy.tenant_id', CAST('11111111-1111-1111-1111-111111111111'::uuid AS text), true)) IS NOT NULL RETURNING *;
