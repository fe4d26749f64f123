using System.Net;
using System.Text.Json;

namespace Tributary.Aws.Lambda.Internal;

/// <summary>
/// Reads the objects named by an S3 object-created event in either shape AWS delivers it: an S3 event notification
/// (<c>Records[].s3.{bucket.name, object.{key, size, eTag}}</c>) or an EventBridge event
/// (<c>detail-type</c> "Object Created", <c>detail.{bucket.name, object.{key, size, etag}}</c>). Keys arrive
/// URL-encoded with <c>+</c> for spaces and are decoded here.
/// </summary>
internal static class ObjectCreatedEvent
{
    public static IReadOnlyList<CreatedObject> Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The extract function's event is not JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
            {
                return [.. records.EnumerateArray().Select(FromNotification).OfType<CreatedObject>()];
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.Object)
            {
                var type = root.TryGetProperty("detail-type", out var t) ? t.GetString() : null;
                if (!string.Equals(type, "Object Created", StringComparison.Ordinal))
                {
                    throw new FormatException($"The extract function got an EventBridge event of type '{type}'; it handles only 'Object Created'.");
                }

                return [FromObject(detail, "etag", "detail")];
            }

            throw new FormatException("The extract function's event is neither an S3 event notification (Records[].s3) nor an EventBridge 'Object Created' event (detail.object).");
        }
    }

    private static CreatedObject? FromNotification(JsonElement record, int index)
    {
        var name = record.TryGetProperty("eventName", out var e) ? e.GetString() : null;
        if (name is not null && !name.StartsWith("ObjectCreated:", StringComparison.Ordinal))
        {
            // A test event ("s3:TestEvent") or another event type the notification was configured with.
            return null;
        }

        if (!record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"Records[{index}] of the S3 event has no 's3' member.");
        }

        return FromObject(s3, "eTag", $"Records[{index}].s3");
    }

    private static CreatedObject FromObject(JsonElement container, string etagName, string where)
    {
        var bucket = container.TryGetProperty("bucket", out var b) && b.TryGetProperty("name", out var n) ? n.GetString() : null;
        if (!container.TryGetProperty("object", out var item) || !item.TryGetProperty("key", out var k) || k.GetString() is not { Length: > 0 } encodedKey)
        {
            throw new FormatException($"{where}.object.key is missing from the S3 event.");
        }

        if (string.IsNullOrEmpty(bucket))
        {
            throw new FormatException($"{where}.bucket.name is missing from the S3 event.");
        }

        long? size = item.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
        var etag = item.TryGetProperty(etagName, out var tag) ? tag.GetString() : null;
        return new CreatedObject(bucket, WebUtility.UrlDecode(encodedKey), size, string.IsNullOrEmpty(etag) ? null : etag.Trim('"'));
    }
}
