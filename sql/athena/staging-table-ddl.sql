-- Athena / Glue: the staging micro-batches as an external Parquet table.
-- Replace ${bucket} and ${prefix} (the data root, e.g. s3://my-bucket/tributary) before running.
--
-- The deliver stage writes staging/YYYY/MM/DD/HH/<stream>-<version>-<timestamp>-<id>.parquet. Those folders are not
-- Hive-style (no "year=" names), so the table uses partition projection over the hour instead of MSCK REPAIR.
-- Every data column is a string, as the flatten stage writes it; curation (sql/curate.sql) does the casting.
-- Columns added later by schema drift are absent from older files and read as NULL.
CREATE EXTERNAL TABLE IF NOT EXISTS tributary.retail_staging (
    RetailTxnData_InvoiceNo            string,
    RetailTxnData_InvoiceDateTime      string,
    RetailTxnData_StoreNo              string,
    RetailTxnData_StorePos             string,
    RetailTxnData_Region               string,
    RetailTxnData_StoreCountry         string,
    RetailTxnData_LineItem_StockCode   string,
    RetailTxnData_LineItem_Description string,
    RetailTxnData_LineItem_Quantity    string,
    RetailTxnData_LineItem_UnitPrice   string,
    RetailTxnData_LineItem_SalePrice   string,
    RetailTxnData_Customer_CustomerID  string,
    RetailTxnData_Customer_EmailId     string,
    RetailTxnData_Customer_ContactNo   string,
    RetailTxnData_Customer_FirstName   string,
    RetailTxnData_Customer_MiddleName  string,
    RetailTxnData_Customer_LastName    string,
    RetailTxnData_Customer_Address     string,
    RetailTxnData_Customer_State       string,
    RetailTxnData_Customer_Country     string,
    RetailTxnData_Customer_ZipCode     string,
    RetailTxnData_Discount_DiscountCode string,
    RetailTxnData_SourceTimestamp      string,
    `_source_file`                     string,
    `_source_record`                   bigint,
    `_row`                             int,
    `_shard`                           string,
    `_sequence_number`                 string,
    `_arrival_time`                    timestamp
)
PARTITIONED BY (hour string)
STORED AS PARQUET
LOCATION 's3://${bucket}/${prefix}/staging/'
TBLPROPERTIES (
    'projection.enabled' = 'true',
    'projection.hour.type' = 'date',
    'projection.hour.format' = 'yyyy/MM/dd/HH',
    'projection.hour.range' = '2020/01/01/00,NOW',
    'projection.hour.interval' = '1',
    'projection.hour.interval.unit' = 'HOURS',
    'storage.location.template' = 's3://${bucket}/${prefix}/staging/${hour}/'
);
