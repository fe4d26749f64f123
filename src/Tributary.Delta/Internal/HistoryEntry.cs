using System.Text.Json;

namespace Tributary.Delta.Internal;

/// <summary>Builds a <see cref="DeltaCommitInfo"/> from a commit's commitInfo object.</summary>
internal static class HistoryEntry
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    public static DeltaCommitInfo Create(long version, DateTimeOffset timestamp, JsonElement? commitInfo)
    {
        var raw = commitInfo ?? EmptyObject;
        var operation = raw.TryGetProperty("operation", out var op) && op.ValueKind == JsonValueKind.String ? op.GetString() : null;
        return new DeltaCommitInfo(version, timestamp, operation, Members(raw, "operationParameters"), Members(raw, "operationMetrics"), raw);
    }

    private static Dictionary<string, JsonElement> Members(JsonElement raw, string name)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (raw.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                result[property.Name] = property.Value;
            }
        }

        return result;
    }
}
