-- Tenancy Kit: tenant-scoped change events (docs/guides/change-streams.md, ADR-029).
--
-- A trigger installed by tenancy_enable_change_events publishes, after each committed
-- INSERT, UPDATE or DELETE of a row, a pointer to the row on the kit's channel
-- tenancy_change:
--
--   {"tenant_id": "<uuid>", "schema": "<schema>", "table": "<table>", "op": "INSERT", "id": "<id>"}
--
-- Never the row's contents: a listener sees every tenant's notifications (LISTEN knows
-- nothing of tenants or row-level security), so the payload carries only what the kit's
-- listener needs to deliver the event to the subscribers of that one tenant, who then
-- re-read the row through a tenant-scoped repository, through both walls. NOTIFY is
-- transactional: a rolled-back write publishes nothing.

-- The trigger function: publishes the pointer of the changed row. Its only argument is the
-- name of the column that identifies a row within its tenant (the "id" column by default).
-- An UPDATE that moves a row to another tenant (only a role that bypasses row-level security
-- can) is published as a DELETE for the old tenant and an INSERT for the new one, so that
-- neither tenant learns of the other.
CREATE FUNCTION tenancy_publish_change() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
DECLARE
	id_column name := coalesce(TG_ARGV[0], 'id');
	old_id text;
	new_id text;
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		EXECUTE format('SELECT ($1).%I::text', id_column) INTO old_id USING OLD;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		EXECUTE format('SELECT ($1).%I::text', id_column) INTO new_id USING NEW;
	END IF;
	IF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
		PERFORM pg_notify('tenancy_change', json_build_object('tenant_id', OLD.tenant_id,
			'schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'op', 'DELETE', 'id', old_id)::text);
		PERFORM pg_notify('tenancy_change', json_build_object('tenant_id', NEW.tenant_id,
			'schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'op', 'INSERT', 'id', new_id)::text);
	ELSIF TG_OP = 'DELETE' THEN
		PERFORM pg_notify('tenancy_change', json_build_object('tenant_id', OLD.tenant_id,
			'schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'op', TG_OP, 'id', old_id)::text);
	ELSE
		PERFORM pg_notify('tenancy_change', json_build_object('tenant_id', NEW.tenant_id,
			'schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'op', TG_OP, 'id', new_id)::text);
	END IF;
	RETURN NULL;
END
$$;

COMMENT ON FUNCTION tenancy_publish_change() IS
	'Trigger function: publish {tenant_id, schema, table, op, id} of the changed row on channel tenancy_change, never its contents.';

-- Publish the changes of a tenant-owned table as tenant-scoped change events: install (or
-- replace) the row trigger tenancy_change_events, which calls tenancy_publish_change after
-- each INSERT, UPDATE and DELETE. Call it from a migration, as the table owner, after
-- tenancy_enable_rls:
--
--   SELECT tenancy_enable_change_events('invoice');           -- rows identified by "id"
--   SELECT tenancy_enable_change_events('invoice_line', 'line_no');
CREATE FUNCTION tenancy_enable_change_events(target regclass, id_column name DEFAULT 'id') RETURNS void
	LANGUAGE plpgsql
	AS $$
BEGIN
	PERFORM tenancy_require_tenant_id(target);
	IF NOT EXISTS (
		SELECT 1 FROM pg_catalog.pg_attribute
		WHERE attrelid = target AND attname = id_column AND attnum > 0 AND NOT attisdropped
	) THEN
		RAISE EXCEPTION 'table % has no column % to identify its rows', target, quote_ident(id_column);
	END IF;
	-- Checked rather than DROP TRIGGER IF EXISTS, which would log a notice on every first call.
	IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgrelid = target AND tgname = 'tenancy_change_events') THEN
		EXECUTE format('DROP TRIGGER tenancy_change_events ON %s', target);
	END IF;
	EXECUTE format('CREATE TRIGGER tenancy_change_events AFTER INSERT OR UPDATE OR DELETE ON %s '
			|| 'FOR EACH ROW EXECUTE FUNCTION tenancy_publish_change(%L)', target, id_column);
END
$$;

COMMENT ON FUNCTION tenancy_enable_change_events(regclass, name) IS
	'Install the trigger tenancy_change_events that publishes tenant-scoped change events of a tenant-owned table.';

REVOKE EXECUTE ON FUNCTION tenancy_enable_change_events(regclass, name) FROM PUBLIC;
