using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tributary.Delta.Internal.Data;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Tests.Data;

/// <summary>
/// Checks every commit file of a table written by this library against the protocol notes: one action per line,
/// commitInfo first, add/remove shapes, partition value strings, Hive directories, Spark's path encoding, file
/// names, and stats JSON (numRecords, bounds that hold the data, truncation formats).
/// </summary>
internal static partial class LogValidator
{
    public static async Task ValidateAsync(string root)
    {
        var table = await DeltaTable.OpenAsync(new LocalDeltaStorage(root));
        foreach (var file in Directory.GetFiles(Path.Combine(root, "_delta_log"), "*.json").Order(StringComparer.Ordinal))
        {
            var version = long.Parse(Path.GetFileNameWithoutExtension(file), CultureInfo.InvariantCulture);
            var snapshot = await table.GetSnapshotAsync(version);
            var text = await File.ReadAllTextAsync(file);
            Assert.EndsWith("\n", text, StringComparison.Ordinal);
            var lines = text.TrimEnd('\n').Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                using var document = JsonDocument.Parse(lines[i]);
                var action = Assert.Single(document.RootElement.EnumerateObject());
                Assert.Contains(action.Name, (string[])["commitInfo", "protocol", "metaData", "add", "remove", "txn"]);
                Assert.True(i == 0 == (action.Name == "commitInfo"), $"{file}: commitInfo must be the first line and only there.");
                if (action.Name == "add")
                {
                    await ValidateAddAsync(root, snapshot, action.Value, file);
                }
                else if (action.Name == "remove")
                {
                    ValidateRemove(snapshot, action.Value);
                }
            }
        }
    }

    private static async Task ValidateAddAsync(string root, DeltaSnapshot snapshot, JsonElement add, string file)
    {
        var path = add.GetProperty("path").GetString()!;
        var decoded = DeltaPaths.Decode(path);
        Assert.Equal(path, PartitionValues.EncodeLogPath(decoded));
        Assert.True(File.Exists(Path.Combine(root, decoded)), $"{file}: add path '{path}' does not exist as '{decoded}'.");
        Assert.Equal(new FileInfo(Path.Combine(root, decoded)).Length, add.GetProperty("size").GetInt64());
        Assert.True(add.GetProperty("modificationTime").GetInt64() > 0);
        Assert.True(add.GetProperty("dataChange").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Matches(FileName(), Path.GetFileName(decoded));

        var values = add.GetProperty("partitionValues");
        var expectedDirectory = string.Concat(snapshot.PartitionColumns.Select(c =>
        {
            var value = values.GetProperty(c);
            Assert.True(value.ValueKind is JsonValueKind.String or JsonValueKind.Null);
            var text = value.ValueKind == JsonValueKind.Null ? null : value.GetString();
            Assert.NotEqual(string.Empty, text);
            return PartitionValues.DirectoryName(c, text) + "/";
        }));
        Assert.StartsWith(expectedDirectory, decoded, StringComparison.Ordinal);
        Assert.Equal(snapshot.PartitionColumns.Count, values.EnumerateObject().Count());

        using var stats = JsonDocument.Parse(add.GetProperty("stats").GetString()!);
        var fileAdd = snapshot.Files.FirstOrDefault(f => f.Path == path) ?? new Actions.AddFile(path, values.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()), 0, 0, true);
        var rows = new List<DeltaBatch>();
        var typed = DataScanner.TypedPartitionValues(fileAdd, snapshot.Schema, snapshot.PartitionColumns);
        await foreach (var batch in DataFileReader.ReadAsync(new LocalDeltaStorage(root), decoded, snapshot.Schema, typed, CancellationToken.None))
        {
            rows.Add(batch);
        }

        var data = DeltaBatch.Concat(snapshot.Schema, rows);
        Assert.Equal(data.RowCount, stats.RootElement.GetProperty("numRecords").GetInt64());
        ValidateBounds(snapshot, stats.RootElement, data);
    }

    private static void ValidateBounds(DeltaSnapshot snapshot, JsonElement stats, DeltaBatch data)
    {
        if (!stats.TryGetProperty("nullCount", out var nulls))
        {
            return;
        }

        stats.TryGetProperty("minValues", out var mins);
        stats.TryGetProperty("maxValues", out var maxes);
        foreach (var field in snapshot.Schema.Fields.Where(f => !snapshot.PartitionColumns.Contains(f.Name) && f.Type is not StructType))
        {
            var column = data.Column(field.Name);
            var values = Enumerable.Range(0, data.RowCount).Select(r => column.GetValue(r)).ToList();
            Assert.Equal(values.Count(v => v is null), nulls.GetProperty(field.Name).GetInt64());
            if (mins.ValueKind != JsonValueKind.Object || !mins.TryGetProperty(field.Name, out var min))
            {
                Assert.False(maxes.ValueKind == JsonValueKind.Object && maxes.TryGetProperty(field.Name, out _));
                continue;
            }

            var max = maxes.GetProperty(field.Name);
            var present = values.Where(v => v is not null).ToList();
            switch (field.Type)
            {
                case PrimitiveType { Name: "string" }:
                    Assert.True(min.GetString()!.Length <= 32);
                    Assert.All(present, v => Assert.True(ValueComparer.CompareCodePoints(min.GetString()!, (string)v!) <= 0 && ValueComparer.CompareCodePoints((string)v!, max.GetString()!) <= 0));
                    break;
                case PrimitiveType { Name: "timestamp" }:
                    Assert.Matches(TimestampStat(), min.GetString()!);
                    Assert.Matches(TimestampStat(), max.GetString()!);
                    var low = DateTimeOffset.Parse(min.GetString()!, CultureInfo.InvariantCulture);
                    var high = DateTimeOffset.Parse(max.GetString()!, CultureInfo.InvariantCulture);
                    Assert.All(present, v => Assert.InRange((DateTimeOffset)v!, low, high));
                    break;
                case PrimitiveType { Name: "date" }:
                    var first = DateOnly.ParseExact(min.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    var last = DateOnly.ParseExact(max.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    Assert.All(present, v => Assert.InRange((DateOnly)v!, first, last));
                    break;
                case PrimitiveType { Name: "boolean" or "binary" }:
                    Assert.Fail($"Column '{field.Name}' of type {field.Type} must not get min/max stats.");
                    break;
                case DecimalType { Precision: > 28 } wide:
                    // Exact bounds, written as plain JSON numbers beyond the range of System.Decimal.
                    var wideValues = present.Cast<DeltaDecimal>().ToList();
                    Assert.Equal(wideValues.Min().ToString(), min.GetRawText());
                    Assert.Equal(wideValues.Max().ToString(), max.GetRawText());
                    Assert.Equal(wide.Scale, wideValues.Min().Scale);
                    break;
                default:
                    var lo = min.GetDecimal();
                    var hi = max.GetDecimal();
                    Assert.All(present, v => Assert.InRange(Convert.ToDecimal(v, CultureInfo.InvariantCulture), lo, hi));
                    break;
            }
        }
    }

    private static void ValidateRemove(DeltaSnapshot snapshot, JsonElement remove)
    {
        Assert.True(remove.GetProperty("deletionTimestamp").GetInt64() > 0);
        Assert.True(remove.GetProperty("extendedFileMetadata").GetBoolean());
        Assert.True(remove.GetProperty("size").GetInt64() > 0);
        Assert.Equal(snapshot.PartitionColumns.Count, remove.GetProperty("partitionValues").EnumerateObject().Count());
        Assert.DoesNotContain(snapshot.Files, f => f.Path == remove.GetProperty("path").GetString());
    }

    [GeneratedRegex("^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\\.(snappy|zstd)\\.parquet$")]
    private static partial Regex FileName();

    [GeneratedRegex("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$")]
    private static partial Regex TimestampStat();
}
