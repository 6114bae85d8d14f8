-- The second wall: ENABLE + FORCE row-level security with the kit's fail-closed policy. From now
-- on a session without a tenant sees no rows and writes none, the table owner included.
SELECT tenancy_enable_rls('customer');
SELECT tenancy_enable_rls('orders');
