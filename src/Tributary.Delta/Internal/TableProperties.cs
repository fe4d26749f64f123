using System.Globalization;

namespace Tributary.Delta.Internal;

/// <summary>Typed access to the table properties this library honours, with Spark's defaults.</summary>
internal static class TableProperties
{
    public static int CheckpointInterval(IReadOnlyDictionary<string, string> configuration) =>
        configuration.TryGetValue("delta.checkpointInterval", out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : 10;

    public static bool AppendOnly(IReadOnlyDictionary<string, string> configuration) => Flag(configuration, "delta.appendOnly", false);

    public static bool ExpiredLogCleanup(IReadOnlyDictionary<string, string> configuration) => Flag(configuration, "delta.enableExpiredLogCleanup", true);

    public static TimeSpan LogRetention(IReadOnlyDictionary<string, string> configuration) =>
        Interval(configuration, "delta.logRetentionDuration", TimeSpan.FromDays(30));

    public static TimeSpan DeletedFileRetention(IReadOnlyDictionary<string, string> configuration) =>
        Interval(configuration, "delta.deletedFileRetentionDuration", TimeSpan.FromDays(7));

    /// <summary><c>delta.setTransactionRetentionDuration</c>: how long app transactions are kept; unset keeps them forever.</summary>
    public static TimeSpan? SetTransactionRetention(IReadOnlyDictionary<string, string> configuration) =>
        configuration.ContainsKey("delta.setTransactionRetentionDuration")
            ? Interval(configuration, "delta.setTransactionRetentionDuration", TimeSpan.Zero)
            : null;

    /// <summary>Parses Spark's <c>interval N unit</c> strings (nanosecond to week, singular or plural).</summary>
    public static TimeSpan Interval(IReadOnlyDictionary<string, string> configuration, string key, TimeSpan fallback)
    {
        if (!configuration.TryGetValue(key, out var text))
        {
            return fallback;
        }

        var parts = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var offset = parts.Length > 0 && parts[0].Equals("interval", StringComparison.OrdinalIgnoreCase) ? 1 : 0;
        if (parts.Length - offset != 2 || !long.TryParse(parts[offset], NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount))
        {
            throw new DeltaException($"Table property {key}='{text}' is not an interval such as 'interval 7 days'.");
        }

        return parts[offset + 1].ToLowerInvariant().TrimEnd('s') switch
        {
            "nanosecond" => TimeSpan.FromTicks(amount / 100),
            "microsecond" => TimeSpan.FromMicroseconds(amount),
            "millisecond" => TimeSpan.FromMilliseconds(amount),
            "second" => TimeSpan.FromSeconds(amount),
            "minute" => TimeSpan.FromMinutes(amount),
            "hour" => TimeSpan.FromHours(amount),
            "day" => TimeSpan.FromDays(amount),
            "week" => TimeSpan.FromDays(7 * amount),
            _ => throw new DeltaException($"Table property {key}='{text}' has an unknown interval unit."),
        };
    }

    private static bool Flag(IReadOnlyDictionary<string, string> configuration, string key, bool fallback) =>
        configuration.TryGetValue(key, out var text) && bool.TryParse(text, out var value) ? value : fallback;
}
