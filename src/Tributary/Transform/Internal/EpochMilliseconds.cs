using System.Globalization;
using System.Text.Json;

namespace Tributary.Transform.Internal;

/// <summary>Reads an epoch-milliseconds timestamp written as a number, a numeric string or an ISO-8601 string.</summary>
internal static class EpochMilliseconds
{
    public static long? Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.TryGetInt64(out var whole) ? whole : (long)Math.Round(reader.GetDouble());
            case JsonTokenType.String:
                var text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    return number;
                }

                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
                {
                    return instant.ToUnixTimeMilliseconds();
                }

                throw new JsonException($"'{text}' is neither epoch milliseconds nor an ISO-8601 timestamp.");
            default:
                throw new JsonException($"Expected a timestamp (number or string), found {reader.TokenType}.");
        }
    }
}
