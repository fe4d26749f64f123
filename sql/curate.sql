-- curate.sql — staging rows to curated rows for the retail pipeline (DuckDB SQL).
--
-- This is the seed's PySpark curation written as SQL, with its evident bugs fixed (it numbered duplicate
-- rows but never removed them). The loader runs it once per load, over the staging batches that load
-- consumes, in an in-memory DuckDB database that already holds:
--
--   staging_batch        the new staging rows: every flattened column as VARCHAR (missing ones added as
--                        NULL), plus _source_file, _source_record, _row, _shard, _sequence_number,
--                        _arrival_time (TIMESTAMP, UTC), _staging_file (the batch's key) and _rid (a
--                        unique row id within the load)
--   load_context         one row: load_ts (TIMESTAMP, UTC, the load's clock) and load_id (BIGINT)
--   dim_country_currency (country, currency)          data/dim/country_currency.csv
--   dim_currency_rate    (currency, rate_to_usd)      data/dim/currency_rate.csv
--   dim_discount_code    (discount_code, discount_percent)  data/dim/discount_code.csv
--
-- It leaves three tables for the loader:
--   curation_rejected    one row per (staging row, column) whose value is present but cannot be cast, and
--                        one per row that is not a retail line
--   curation_curated     the curated rows, one per MERGE key, newest source timestamp first
--   curation_counts      how many rows each step removed (reported by the load)
--
-- Rules (from the seed):
--   * every staging value is TRIMmed; '$' is removed from prices;
--   * casts: invoiceno BIGINT, invoicets TIMESTAMP, invoicedate DATE, invoice_year/invoice_month INTEGER,
--     unit and sale price FLOAT, quantity DOUBLE, customer id BIGINT, everything else VARCHAR;
--   * a missing (null or blank) value takes its default: ids -1, numbers NaN, timestamps 1900-01-01 00:00:00;
--     a present value that does not cast is NOT defaulted: the row goes to curation_rejected instead;
--   * a row with none of InvoiceNo, StoreNo and InvoiceDateTime is not a retail line at all (some other JSON
--     went through the pipeline): it goes to curation_rejected under column 'RetailTxnData', not into curated
--     as an 'unknown' line full of defaults;
--   * a null MERGE key part (storeno, lineitem_stockcode, region) becomes 'unknown': a null never equals
--     anything in a MERGE, so a corrected record could never replace such a row.

-- 1. Trim, strip, cast. raw_* keep the trimmed text (NULL when blank) for the rejection report.
CREATE OR REPLACE TEMP TABLE curation_typed AS
WITH trimmed AS (
    SELECT
        s.*,
        NULLIF(TRIM(RetailTxnData_InvoiceNo), '')                        AS raw_invoiceno,
        NULLIF(TRIM(RetailTxnData_InvoiceDateTime), '')                  AS raw_invoicets,
        NULLIF(TRIM(RetailTxnData_SourceTimestamp), '')                  AS raw_sourcets,
        NULLIF(TRIM(REPLACE(RetailTxnData_LineItem_UnitPrice, '$', '')), '') AS raw_unitprice,
        NULLIF(TRIM(REPLACE(RetailTxnData_LineItem_SalePrice, '$', '')), '') AS raw_saleprice,
        NULLIF(TRIM(RetailTxnData_LineItem_Quantity), '')                AS raw_quantity,
        NULLIF(TRIM(RetailTxnData_Customer_CustomerID), '')              AS raw_customerid
    FROM staging_batch AS s
)
SELECT
    t.*,
    TRY_CAST(raw_invoiceno AS BIGINT)     AS cast_invoiceno,
    TRY_CAST(raw_invoicets AS TIMESTAMP)  AS cast_invoicets,
    TRY_CAST(raw_sourcets AS TIMESTAMP)   AS cast_sourcets,
    TRY_CAST(raw_unitprice AS FLOAT)      AS cast_unitprice,
    TRY_CAST(raw_saleprice AS FLOAT)      AS cast_saleprice,
    TRY_CAST(raw_quantity AS DOUBLE)      AS cast_quantity,
    TRY_CAST(raw_customerid AS BIGINT)    AS cast_customerid
FROM trimmed AS t;

-- 2. Rejections: a value that is there but is not what its column needs. One row per bad column.
CREATE OR REPLACE TEMP TABLE curation_rejected AS
WITH failures AS (
    SELECT t.*, f.column_name, f.raw_value, f.reason
    FROM curation_typed AS t,
    LATERAL (VALUES
        ('RetailTxnData_InvoiceNo', raw_invoiceno,
            CASE WHEN raw_invoiceno IS NOT NULL AND cast_invoiceno IS NULL
                 THEN 'not a whole number (invoiceno is BIGINT)' END),
        ('RetailTxnData_InvoiceDateTime', raw_invoicets,
            CASE WHEN raw_invoicets IS NOT NULL AND cast_invoicets IS NULL
                 THEN 'not a valid date and time (expected yyyy-MM-dd HH:mm:ss)' END),
        ('RetailTxnData_SourceTimestamp', raw_sourcets,
            CASE WHEN raw_sourcets IS NOT NULL AND cast_sourcets IS NULL
                 THEN 'not a valid date and time (expected yyyy-MM-dd HH:mm:ss)' END),
        ('RetailTxnData_LineItem_UnitPrice', raw_unitprice,
            CASE WHEN raw_unitprice IS NOT NULL AND cast_unitprice IS NULL
                 THEN 'not a number (unit price is FLOAT, ''$'' allowed)' END),
        ('RetailTxnData_LineItem_SalePrice', raw_saleprice,
            CASE WHEN raw_saleprice IS NOT NULL AND cast_saleprice IS NULL
                 THEN 'not a number (sale price is FLOAT, ''$'' allowed)' END),
        ('RetailTxnData_LineItem_Quantity', raw_quantity,
            CASE WHEN raw_quantity IS NOT NULL AND cast_quantity IS NULL
                 THEN 'not a number (quantity is DOUBLE)' END),
        ('RetailTxnData_Customer_CustomerID', raw_customerid,
            CASE WHEN raw_customerid IS NOT NULL AND cast_customerid IS NULL
                 THEN 'not a whole number (customer id is BIGINT)' END),
        ('RetailTxnData', CAST(NULL AS VARCHAR),
            CASE WHEN raw_invoiceno IS NULL AND raw_invoicets IS NULL AND NULLIF(TRIM(RetailTxnData_StoreNo), '') IS NULL
                 THEN 'not a retail transaction line: the record has none of RetailTxnData.InvoiceNo, '
                      || 'RetailTxnData.StoreNo and RetailTxnData.InvoiceDateTime' END)
    ) AS f(column_name, raw_value, reason)
    WHERE f.reason IS NOT NULL
)
SELECT
    ctx.load_id                         AS load_id,
    f._staging_file                     AS staging_file,
    f._source_file                      AS source_file,
    f._source_record                    AS source_record,
    f._row                              AS source_row,
    f.column_name                       AS column_name,
    f.raw_value                         AS value,
    f.reason                            AS reason,
    json_merge_patch(to_json(s), '{"_rid":null}')::VARCHAR AS staging_row,
    ctx.load_ts                         AS rejected_ts,
    f._rid                              AS _rid
FROM failures AS f
JOIN staging_batch AS s ON s._rid = f._rid
CROSS JOIN load_context AS ctx
ORDER BY f._rid, f.column_name;

-- 3. Defaults, derived columns and lookups, for every row that was not rejected.
CREATE OR REPLACE TEMP TABLE curation_enriched AS
WITH accepted AS (
    SELECT t.*
    FROM curation_typed AS t
    ANTI JOIN curation_rejected AS r ON r._rid = t._rid
),
defaulted AS (
    SELECT
        COALESCE(cast_invoiceno, -1)                                        AS invoiceno,
        COALESCE(cast_invoicets, TIMESTAMP '1900-01-01 00:00:00')           AS invoicets,
        COALESCE(NULLIF(TRIM(RetailTxnData_StoreNo), ''), 'unknown')        AS storeno,
        NULLIF(TRIM(RetailTxnData_StorePos), '')                            AS storepos,
        COALESCE(NULLIF(TRIM(RetailTxnData_Region), ''), 'unknown')         AS region,
        NULLIF(TRIM(RetailTxnData_StoreCountry), '')                        AS storecountry,
        COALESCE(NULLIF(TRIM(RetailTxnData_LineItem_StockCode), ''), 'unknown') AS lineitem_stockcode,
        NULLIF(TRIM(RetailTxnData_LineItem_Description), '')                AS lineitem_description,
        COALESCE(cast_quantity, 'NaN'::DOUBLE)                              AS lineitem_quantity,
        COALESCE(cast_unitprice, 'NaN'::FLOAT)                              AS lineitem_unitprice,
        COALESCE(cast_saleprice, 'NaN'::FLOAT)                              AS lineitem_saleprice,
        COALESCE(cast_customerid, -1)                                       AS customer_customerid,
        NULLIF(TRIM(RetailTxnData_Customer_EmailId), '')                    AS customer_emailid,
        NULLIF(TRIM(RetailTxnData_Customer_ContactNo), '')                  AS customer_contactno,
        NULLIF(TRIM(RetailTxnData_Customer_FirstName), '')                  AS customer_firstname,
        NULLIF(TRIM(RetailTxnData_Customer_MiddleName), '')                 AS customer_middlename,
        NULLIF(TRIM(RetailTxnData_Customer_LastName), '')                   AS customer_lastname,
        NULLIF(TRIM(RetailTxnData_Customer_Address), '')                    AS customer_address,
        NULLIF(TRIM(RetailTxnData_Customer_State), '')                      AS customer_state,
        NULLIF(TRIM(RetailTxnData_Customer_Country), '')                    AS customer_country,
        NULLIF(TRIM(RetailTxnData_Customer_ZipCode), '')                    AS customer_zipcode,
        NULLIF(TRIM(RetailTxnData_Discount_DiscountCode), '')               AS discount_discountcode,
        COALESCE(cast_sourcets, TIMESTAMP '1900-01-01 00:00:00')            AS sourcets,
        _staging_file, _source_file, _source_record, _row, _arrival_time, _rid
    FROM accepted
)
SELECT
    d.invoiceno,
    d.invoicets,
    CAST(d.invoicets AS DATE)                                   AS invoicedate,
    CAST(year(d.invoicets) AS INTEGER)                          AS invoice_year,
    CAST(month(d.invoicets) AS INTEGER)                         AS invoice_month,
    d.storeno, d.storepos, d.region, d.storecountry,
    d.lineitem_stockcode, d.lineitem_description, d.lineitem_quantity, d.lineitem_unitprice, d.lineitem_saleprice,
    d.customer_customerid, d.customer_emailid, d.customer_contactno, d.customer_firstname, d.customer_middlename,
    d.customer_lastname, d.customer_address, d.customer_state, d.customer_country, d.customer_zipcode,
    d.discount_discountcode,
    d.sourcets,
    -- Whole days between the source timestamp and this load (the seed used "now"; one clock per load keeps
    -- every row of a load consistent).
    CAST(date_diff('day', d.sourcets, ctx.load_ts) AS INTEGER)  AS processing_delay,
    -- A sale with a customer id is a registered customer's; without one it is a guest's.
    CASE WHEN d.customer_customerid = -1 THEN 'guest' ELSE 'registered' END AS customer_status,
    left(d.lineitem_stockcode, 3)                               AS local_stockcode,
    lpad(d.lineitem_stockcode, 10, '0')                         AS standard_stockcode,
    COALESCE(cc.currency, 'USD')                                AS currency,
    COALESCE(cr.rate_to_usd, 1.0)                               AS conversion_rate,
    COALESCE(dc.discount_percent, 5.0)                          AS discount_percent,
    round((CAST(d.lineitem_saleprice AS DOUBLE)
           - CAST(d.lineitem_saleprice AS DOUBLE) * COALESCE(dc.discount_percent, 5.0) / 100.0)
          * COALESCE(cr.rate_to_usd, 1.0), 2)                   AS lineitem_finalsaleprice,
    ctx.load_ts                                                 AS create_ts,
    ctx.load_ts                                                 AS update_ts,
    d._staging_file, d._source_file, d._source_record, d._row, d._arrival_time, d._rid
FROM defaulted AS d
CROSS JOIN load_context AS ctx
LEFT JOIN dim_country_currency AS cc ON lower(trim(cc.country)) = lower(d.storecountry)
LEFT JOIN dim_currency_rate    AS cr ON lower(trim(cr.currency)) = lower(COALESCE(cc.currency, 'USD'))
LEFT JOIN dim_discount_code    AS dc ON lower(trim(dc.discount_code)) = lower(d.discount_discountcode);

-- 4. De-duplication. First the seed's window (region, storepos, storeno, invoicets, invoiceno), to which the
--    stock code is added so that the lines of one invoice (exploded LineItem arrays) are not collapsed into
--    one; then the MERGE key, so that each key appears once in the load. Newest source timestamp wins; ties
--    go to the latest arrival, then the latest position in staging, so the choice is deterministic.
CREATE OR REPLACE TEMP TABLE curation_window_kept AS
SELECT * EXCLUDE (rn) FROM (
    SELECT e.*, row_number() OVER (
        PARTITION BY region, storepos, storeno, invoicets, invoiceno, lineitem_stockcode
        ORDER BY sourcets DESC, _arrival_time DESC NULLS LAST, _staging_file DESC, _source_file DESC,
                 _source_record DESC, _row DESC) AS rn
    FROM curation_enriched AS e
) WHERE rn = 1;

CREATE OR REPLACE TEMP TABLE curation_curated AS
SELECT * EXCLUDE (rn, _row, _arrival_time, _rid) FROM (
    SELECT w.*, row_number() OVER (
        PARTITION BY invoiceno, storeno, lineitem_stockcode, invoicedate, region
        ORDER BY sourcets DESC, _arrival_time DESC NULLS LAST, _staging_file DESC, _source_file DESC,
                 _source_record DESC, _row DESC) AS rn
    FROM curation_window_kept AS w
) WHERE rn = 1;

CREATE OR REPLACE TEMP TABLE curation_counts AS
SELECT
    (SELECT count(*) FROM staging_batch)                                          AS staged_rows,
    (SELECT count(DISTINCT _rid) FROM curation_rejected)                          AS rejected_rows,
    (SELECT count(*) FROM curation_enriched) - (SELECT count(*) FROM curation_window_kept) AS window_duplicates,
    (SELECT count(*) FROM curation_window_kept) - (SELECT count(*) FROM curation_curated)  AS key_duplicates,
    (SELECT count(*) FROM curation_curated)                                       AS curated_rows;
