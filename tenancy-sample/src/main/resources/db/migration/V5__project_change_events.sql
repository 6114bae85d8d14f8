-- Change events of projects (docs/guides/change-streams.md): the kit's trigger publishes a pointer
-- {tenant_id, schema, table, op, id} after each committed write, and GET /api/projects/events
-- delivers each tenant's pointers to that tenant only, re-reading the project through the
-- tenant-scoped repository. Citus refuses row triggers on distributed tables unless told
-- otherwise, so on a Citus coordinator projects publish no change events.
SELECT tenancy_enable_change_events('project') WHERE NOT tenancy_citus_installed();
