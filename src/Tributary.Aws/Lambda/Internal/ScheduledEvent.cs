using System.Globalization;
using System.Text.Json;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// Reads the event that starts a load: an EventBridge scheduled event (<c>"detail-type": "Scheduled Event"</c>,
/// <c>"source": "aws.events"</c>, <c>time</c>, <c>resources</c> = the rule ARN), or an empty object for a manual run.
/// </summary>
internal static class ScheduledEvent
{
    /// <summary>Returns when the schedule fired (null for a manual run).</summary>
    /// <exception cref="FormatException">The event is another kind of event.</exception>
    public static DateTimeOffset? Parse(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty || json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The load function's event is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"The load function's event must be a JSON object (an EventBridge scheduled event or {{}}), not {root.ValueKind}.");
            }

            if (!root.TryGetProperty("detail-type", out var type))
            {
                return root.EnumerateObject().Any()
                    ? throw new FormatException("The load function's event is neither an EventBridge scheduled event (\"detail-type\": \"Scheduled Event\") nor {} for a manual run.")
                    : null;
            }

            if (!string.Equals(type.GetString(), "Scheduled Event", StringComparison.Ordinal))
            {
                throw new FormatException($"The load function got an EventBridge event of type '{type.GetString()}'; it runs on 'Scheduled Event' (or {{}} for a manual run).");
            }

            return root.TryGetProperty("time", out var time) && DateTimeOffset.TryParse(time.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var fired)
                ? fired
                : null;
        }
    }
}
