-- On a Citus coordinator, distribute the tenant-owned table by tenant_id (and make tenancy_tenant a
-- reference table) with the kit's tenancy_distribute: RLS stays forced with the kit's policy on
-- every shard (docs/guides/scale-out-with-citus.md). On one PostgreSQL server this selects no row
-- and calls nothing, so the same migrations serve both.
SELECT tenancy_distribute('project') WHERE tenancy_citus_installed();
