-- On a Citus coordinator (the -Pcitus profile), distribute every tenant-owned fixture table by
-- tenant_id with the kit's tenancy_distribute; on one PostgreSQL server this selects no row and
-- calls nothing. A Flyway callback rather than a migration, so that fixture migrations added later
-- are distributed too; tables already distributed are left as they are.
SELECT tenancy_distribute(VARIADIC array_agg(c.oid::regclass ORDER BY c.oid))
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
WHERE c.relkind = 'r' AND n.nspname = current_schema() AND tenancy_citus_installed()
HAVING count(*) > 0;
