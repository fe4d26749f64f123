namespace Tributary.Load.Internal;

/// <summary>The staging columns <c>curate.sql</c> reads. A batch that lacks some (schema drift) gets them as NULL.</summary>
internal static class StagingColumns
{
    public static readonly IReadOnlyList<string> Data =
    [
        "RetailTxnData_InvoiceNo",
        "RetailTxnData_InvoiceDateTime",
        "RetailTxnData_StoreNo",
        "RetailTxnData_StorePos",
        "RetailTxnData_Region",
        "RetailTxnData_StoreCountry",
        "RetailTxnData_LineItem_StockCode",
        "RetailTxnData_LineItem_Description",
        "RetailTxnData_LineItem_Quantity",
        "RetailTxnData_LineItem_UnitPrice",
        "RetailTxnData_LineItem_SalePrice",
        "RetailTxnData_Customer_CustomerID",
        "RetailTxnData_Customer_EmailId",
        "RetailTxnData_Customer_ContactNo",
        "RetailTxnData_Customer_FirstName",
        "RetailTxnData_Customer_MiddleName",
        "RetailTxnData_Customer_LastName",
        "RetailTxnData_Customer_Address",
        "RetailTxnData_Customer_State",
        "RetailTxnData_Customer_Country",
        "RetailTxnData_Customer_ZipCode",
        "RetailTxnData_Discount_DiscountCode",
        "RetailTxnData_SourceTimestamp",
    ];

    /// <summary>The metadata columns of CONTRACTS C with their DuckDB types.</summary>
    public static readonly IReadOnlyList<(string Name, string SqlType)> Metadata =
    [
        ("_source_file", "VARCHAR"),
        ("_source_record", "BIGINT"),
        ("_row", "INTEGER"),
        ("_shard", "VARCHAR"),
        ("_sequence_number", "VARCHAR"),
        ("_arrival_time", "TIMESTAMP"),
    ];
}
