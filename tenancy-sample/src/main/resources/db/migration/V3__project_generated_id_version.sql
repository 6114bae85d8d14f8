-- Spring Data-grade repositories (docs/persistence.md): the database generates ids and
-- creation times, and a version column guards against lost updates.
ALTER TABLE project ALTER COLUMN id SET DEFAULT gen_random_uuid();
ALTER TABLE project ALTER COLUMN created_at SET DEFAULT now();
ALTER TABLE project ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE project ADD COLUMN version bigint NOT NULL DEFAULT 0;

-- Sorted listings by name stay an index scan within one tenant.
CREATE INDEX project_name_idx ON project (tenant_id, name, id);
