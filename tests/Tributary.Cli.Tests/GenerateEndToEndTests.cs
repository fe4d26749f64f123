using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Tributary.TestSupport;

namespace Tributary.Cli.Tests;

/// <summary>The issue's acceptance check: 100,000 rows × 10 files with seed 7, every record checked.</summary>
public sealed class GenerateEndToEndTests
{
    private static readonly Dictionary<string, string[]> CountriesByRegion = new()
    {
        ["North America "] = ["Canada", "USA"],
        ["South America "] = ["Brazil"],
        ["Europe "] =
        [
            "EIRE", "Norway", "Poland", "Portugal", "Netherlands", "Germany", "Finland", "Lithuania", "Spain", "United Kingdom",
            "Greece", "Cyprus", "Belgium", "Denmark", "Iceland", "Channel Islands", "Czech Republic", "Austria", "Sweden",
            "France", "Malta", "Italy", "Switzerland", "RSA", "South Africa",
        ],
        ["Asia-Pacific "] =
        [
            "Hong Kong", "Israel", "Lebanon", "United Arab Emirates", "Bahrain", "Singapore", "Japan", "Saudi Arabia",
            "Australia", "Indonesia", "China", "Philippines",
        ],
        ["Africa"] = ["South Africa"],
    };

    private static readonly DateTime MinInvoice = new(2020, 1, 1);
    private static readonly DateTime MaxInvoice = new(2025, 1, 27, 23, 59, 59);

    [Fact]
    public async Task A_million_records_have_the_23_fields_with_right_types_ranges_and_rules_and_the_seed_repeats_them()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        var run = await CliRun.InvokeAsync("generate", "--rows", "100000", "--files", "10", "--out", first.Path, "--seed", "7");
        var again = await CliRun.InvokeAsync("generate", "--rows", "100000", "--files", "10", "--out", second.Path, "--seed", "7");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(0, again.ExitCode);
        Assert.StartsWith("generated 10 file(s), 1,000,000 records", run.Out);
        var files = Directory.GetFiles(first.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"retail-{i:D5}.json"), files.Select(Path.GetFileName));

        var regions = new HashSet<string>();
        long records = 0;
        foreach (var file in files)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            Assert.Equal(100_000, document.RootElement.GetArrayLength());
            var index = 0;
            foreach (var record in document.RootElement.EnumerateArray())
            {
                if (Problem(record) is { } problem)
                {
                    Assert.Fail($"{Path.GetFileName(file)} record {index}: {problem}");
                }

                regions.Add(record.GetProperty("RetailTxnData").GetProperty("Region").GetString()!);
                index++;
                records++;
            }

            Assert.Equal(SHA256.HashData(File.ReadAllBytes(file)), SHA256.HashData(File.ReadAllBytes(Path.Combine(second.Path, Path.GetFileName(file)))));
        }

        Assert.Equal(1_000_000, records);
        Assert.Equal(CountriesByRegion.Keys.Order(), regions.Order());
    }

    // Returns what is wrong with the record, or null; messages are only built on failure (a million records).
    private static string? Problem(JsonElement record)
    {
        var leaves = CountLeaves(record);
        if (leaves != 23)
        {
            return $"{leaves} fields";
        }

        var txn = record.GetProperty("RetailTxnData");
        var line = txn.GetProperty("LineItem");
        var customer = txn.GetProperty("Customer");
        var invoiceTime = txn.GetProperty("InvoiceDateTime").GetString()!;
        if (!DateTime.TryParseExact(invoiceTime, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            || parsed < MinInvoice || parsed > MaxInvoice)
        {
            return $"InvoiceDateTime {invoiceTime}";
        }

        var region = txn.GetProperty("Region").GetString()!;
        var country = txn.GetProperty("StoreCountry").GetString()!;
        if (!CountriesByRegion.TryGetValue(region, out var countries) || !countries.Contains(country))
        {
            return $"StoreCountry {country} in Region '{region}'";
        }

        var unitPrice = line.GetProperty("UnitPrice");
        var salePrice = line.GetProperty("SalePrice");
        var quantity = line.GetProperty("Quantity");
        return Integer(txn, "InvoiceNo", 1, 10_000)
            ?? Integer(txn, "StoreNo", 1, 99)
            ?? Pattern(txn, "StorePos", "#^^^########")
            ?? Pattern(line, "StockCode", "######")
            ?? Text(line, "Description")
            ?? Integer(line, "Quantity", 1, 99)
            ?? (unitPrice.GetDecimal() is >= 1 and <= 99 && TwoDecimals(unitPrice) ? null : $"UnitPrice {unitPrice}")
            ?? (salePrice.GetDecimal() == unitPrice.GetDecimal() * quantity.GetDecimal() && TwoDecimals(salePrice) ? null : $"SalePrice {salePrice}")
            ?? Integer(customer, "CustomerID", 1, 9999)
            ?? (customer.GetProperty("EmailId").GetString()!.Contains('@', StringComparison.Ordinal) ? null : "EmailId")
            ?? Pattern(customer, "ContactNo", "+##-###-###-####")
            ?? Text(customer, "FirstName")
            ?? Text(customer, "MiddleName")
            ?? Text(customer, "LastName")
            ?? Text(customer, "Address")
            ?? Text(customer, "State")
            ?? (customer.GetProperty("Country").GetString() == country ? null : "Customer.Country differs from StoreCountry")
            ?? Integer(customer, "ZipCode", 10_000, 999_999)
            ?? Pattern(txn.GetProperty("Discount"), "DiscountCode", "^^^^^^^##")
            ?? (txn.GetProperty("SourceTimestamp").GetString() == invoiceTime ? null : "SourceTimestamp differs from InvoiceDateTime");
    }

    private static int CountLeaves(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return 1;
        }

        var count = 0;
        foreach (var property in element.EnumerateObject())
        {
            count += CountLeaves(property.Value);
        }

        return count;
    }

    private static string? Integer(JsonElement parent, string name, long min, long max)
    {
        var value = parent.GetProperty(name);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number >= min && number <= max
            ? null
            : $"{name} {value}";
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.GetProperty(name) is { ValueKind: JsonValueKind.String } value && !string.IsNullOrWhiteSpace(value.GetString()) ? null : $"{name} is empty";

    private static bool TwoDecimals(JsonElement number)
    {
        var text = number.GetRawText();
        var point = text.IndexOf('.', StringComparison.Ordinal);
        return point > 0 && text.Length - point - 1 == 2;
    }

    // '#' a digit, '^' an upper-case letter, anything else itself.
    private static string? Pattern(JsonElement parent, string name, string pattern)
    {
        var value = parent.GetProperty(name);
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var ok = text.Length == pattern.Length;
        for (var i = 0; ok && i < text.Length; i++)
        {
            ok = pattern[i] switch
            {
                '#' => char.IsAsciiDigit(text[i]),
                '^' => char.IsAsciiLetterUpper(text[i]),
                _ => text[i] == pattern[i],
            };
        }

        return ok ? null : $"{name} '{text}' does not match {pattern}";
    }
}
