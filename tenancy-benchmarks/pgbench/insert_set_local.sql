-- Insert of the kit on Citus (ADR-023): SET LOCAL (one simple query, as the kit sends it) in a transaction, then the plain INSERT.
BEGIN;
SET LOCAL citus.propagate_set_commands TO 'local' \; SET LOCAL tenancy.tenant_id TO '11111111-1111-1111-1111-111111111111';
INSERT INTO test_note (tenant_id, id, body) VALUES ('11111111-1111-1111-1111-111111111111'::uuid, gen_random_uuid(), 'bench') RETURNING *;
COMMIT;
