-- sales_summary.sql — the monthly sales summary with trend columns (DuckDB SQL).
--
-- Input (created by the loader): curated_scope, the current rows of final/curated for the regions the
-- load touched. The trend columns run over all the periods of a (region, storeno), so a refresh recomputes
-- whole regions; final/sales_summary is partitioned by region and the loader replaces exactly the
-- regions it recomputed.
--
-- Output: summary_out, one row per region, storeno, invoice_year, invoice_month.
--   distinct_invoices     count of distinct invoice numbers
--   distinct_stockcodes   count of distinct line-item stock codes
--   total_quantity        sum of quantities
--   total_sales           sum of final sale prices (USD, after discount), rounded to cents
--   period_rank           1 for the store's newest period, 2 for the one before, ...
--   next_sales            total_sales of the store's next (newer) period, NULL for the newest
--   prev_sales            total_sales of the store's previous (older) period, NULL for the oldest
--   change_pct            round((total_sales - prev_sales) / prev_sales * 100, 2); NULL without a
--                         previous period or when it sold nothing

CREATE OR REPLACE TEMP TABLE summary_out AS
WITH monthly AS (
    SELECT
        region,
        storeno,
        invoice_year,
        invoice_month,
        CAST(count(DISTINCT invoiceno) AS BIGINT)          AS distinct_invoices,
        CAST(count(DISTINCT lineitem_stockcode) AS BIGINT) AS distinct_stockcodes,
        CAST(sum(lineitem_quantity) AS DOUBLE)             AS total_quantity,
        round(CAST(sum(lineitem_finalsaleprice) AS DOUBLE), 2) AS total_sales
    FROM curated_scope
    GROUP BY region, storeno, invoice_year, invoice_month
),
trended AS (
    SELECT
        m.*,
        CAST(row_number() OVER newest_first AS INTEGER) AS period_rank,
        lag(total_sales) OVER newest_first              AS next_sales,
        lead(total_sales) OVER newest_first             AS prev_sales
    FROM monthly AS m
    WINDOW newest_first AS (PARTITION BY region, storeno ORDER BY invoice_year DESC, invoice_month DESC)
)
SELECT
    region, storeno, invoice_year, invoice_month,
    distinct_invoices, distinct_stockcodes, total_quantity, total_sales,
    period_rank, next_sales, prev_sales,
    CASE WHEN prev_sales IS NULL OR prev_sales = 0 THEN NULL
         ELSE round((total_sales - prev_sales) / prev_sales * 100, 2) END AS change_pct
FROM trended
ORDER BY region, storeno, invoice_year DESC, invoice_month DESC;
