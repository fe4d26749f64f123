using Tributary.Delta.Actions;
using Tributary.Delta.Schema;

namespace Tributary.Delta.Internal;

/// <summary>Which protocols this library reads and writes (PROTOCOL-NOTES §1).</summary>
internal static class ProtocolSupport
{
    /// <summary>Reader features that ask nothing of a reader of plain Parquet data.</summary>
    private static readonly HashSet<string> SupportedReaderFeatures = new(StringComparer.Ordinal) { "vacuumProtocolCheck" };

    /// <summary>Writer features this library honours: appendOnly is enforced, invariants refuse the write when present.</summary>
    private static readonly HashSet<string> SupportedWriterFeatures = new(StringComparer.Ordinal) { "appendOnly", "invariants", "vacuumProtocolCheck" };

    /// <summary>The protocol a new table gets: what Spark and delta-rs write by default.</summary>
    public static readonly ProtocolAction Default = new(1, 2);

    public static void CheckRead(ProtocolAction protocol, string location)
    {
        switch (protocol.MinReaderVersion)
        {
            case 1:
                return;
            case 2:
                throw Refuse(location, "columnMapping", "reader version 2 (column mapping)");
            case 3:
                var unsupported = (protocol.ReaderFeatures ?? []).Where(f => !SupportedReaderFeatures.Contains(f)).ToList();
                if (unsupported.Count > 0)
                {
                    throw Refuse(location, string.Join(", ", unsupported), $"reader features [{string.Join(", ", unsupported)}]");
                }

                return;
            default:
                throw new DeltaProtocolException(
                    $"Unsupported Delta protocol reader version {protocol.MinReaderVersion} in table '{location}': this library reads versions 1 and 3.",
                    $"readerVersion {protocol.MinReaderVersion}");
        }
    }

    public static void CheckWrite(ProtocolAction protocol, StructType schema, string location)
    {
        CheckRead(protocol, location);
        switch (protocol.MinWriterVersion)
        {
            case 1 or 2:
                break;
            case 3:
                throw Refuse(location, "checkConstraints", "writer version 3 (CHECK constraints, checkpoint stats properties)", write: true);
            case 4:
                throw Refuse(location, "changeDataFeed", "writer version 4 (change data feed, generated columns)", write: true);
            case 5:
                throw Refuse(location, "columnMapping", "writer version 5 (column mapping)", write: true);
            case 6:
                throw Refuse(location, "identityColumns", "writer version 6 (identity columns)", write: true);
            case 7:
                var unsupported = (protocol.WriterFeatures ?? []).Where(f => !SupportedWriterFeatures.Contains(f)).ToList();
                if (unsupported.Count > 0)
                {
                    throw Refuse(location, string.Join(", ", unsupported), $"writer features [{string.Join(", ", unsupported)}]", write: true);
                }

                break;
            default:
                throw new DeltaProtocolException(
                    $"Unsupported Delta protocol writer version {protocol.MinWriterVersion} in table '{location}': this library writes versions 1, 2 and 7.",
                    $"writerVersion {protocol.MinWriterVersion}");
        }

        if (FindInvariantColumn(schema, string.Empty) is { } column)
        {
            throw Refuse(location, "invariants", $"the column invariant on '{column}' (delta.invariants needs a SQL evaluator)", write: true);
        }
    }

    private static string? FindInvariantColumn(StructType schema, string prefix)
    {
        foreach (var field in schema.Fields)
        {
            if (field.Metadata.Contains("\"delta.invariants\"", StringComparison.Ordinal))
            {
                return prefix + field.Name;
            }

            if (field.Type is StructType nested && FindInvariantColumn(nested, $"{prefix}{field.Name}.") is { } inner)
            {
                return inner;
            }
        }

        return null;
    }

    private static DeltaProtocolException Refuse(string location, string feature, string what, bool write = false) =>
        new($"Table '{location}' requires {what}, which this library does not support{(write ? " for writes" : string.Empty)}. Unsupported: {feature}.", feature);
}
