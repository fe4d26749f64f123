-- Athena / Glue: the final Delta tables written by `tributary load`.
-- Replace ${bucket} and ${prefix} (the data root) before running. Athena reads the schema and the partitioning
-- (region, invoice_year for curated; region for sales_summary) from the Delta log, so no columns are listed.
-- Athena reads Delta tables with reader version 1 and writer version 2, which is what Tributary writes.

CREATE EXTERNAL TABLE IF NOT EXISTS tributary.curated
LOCATION 's3://${bucket}/${prefix}/final/curated/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS tributary.sales_summary
LOCATION 's3://${bucket}/${prefix}/final/sales_summary/'
TBLPROPERTIES ('table_type' = 'DELTA');

CREATE EXTERNAL TABLE IF NOT EXISTS tributary.rejected
LOCATION 's3://${bucket}/${prefix}/final/rejected/'
TBLPROPERTIES ('table_type' = 'DELTA');

-- Example: the latest month per store with its change against the month before.
-- SELECT region, storeno, invoice_year, invoice_month, total_sales, prev_sales, change_pct
-- FROM tributary.sales_summary WHERE period_rank = 1 ORDER BY change_pct DESC;
