-- Primary-key read of the kit (ADR-021): the inline tenant setting, tenant_id and id bound.
\set n random(1, 10000)
SELECT * FROM test_note WHERE (SELECT set_config('tenancy.tenant_id', CAST('11111111-1111-1111-1111-111111111111'::uuid AS text), true)) IS NOT NULL AND tenant_id = '11111111-1111-1111-1111-111111111111'::uuid AND id = ('00000000-0000-0000-0000-' || lpad(:n::text, 12, '0'))::uuid;
