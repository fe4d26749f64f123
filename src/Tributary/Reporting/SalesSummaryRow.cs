namespace Tributary.Reporting;

/// <summary>One row of <c>final/sales_summary</c>: a store's sales in one month, with its trend.</summary>
/// <param name="Region">The store's region.</param>
/// <param name="StoreNo">The store number.</param>
/// <param name="InvoiceYear">The year.</param>
/// <param name="InvoiceMonth">The month (1–12).</param>
/// <param name="DistinctInvoices">Distinct invoices in the month.</param>
/// <param name="TotalQuantity">Units sold.</param>
/// <param name="TotalSales">Sales in USD after discount.</param>
/// <param name="ChangePct">Change from the store's previous period, in percent; null without one.</param>
public sealed record SalesSummaryRow(
    string Region,
    string StoreNo,
    int InvoiceYear,
    int InvoiceMonth,
    long DistinctInvoices,
    double TotalQuantity,
    double TotalSales,
    double? ChangePct);
