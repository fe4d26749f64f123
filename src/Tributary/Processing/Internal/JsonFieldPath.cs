using System.Text;
using System.Text.Json;
using Tributary.Internal.Json;

namespace Tributary.Processing.Internal;

/// <summary>Reads a scalar at a dotted field path (<c>RetailTxnData.StoreNo</c>) from a JSON object without building a DOM.</summary>
internal sealed class JsonFieldPath
{
    private readonly byte[][] _segments;

    public JsonFieldPath(string path)
    {
        Path = path;
        _segments = [.. path.Split('.').Select(Encoding.UTF8.GetBytes)];
    }

    public string Path { get; }

    /// <summary>
    /// Finds the value's bytes as written (a string's body without its quotes, escapes kept; a number, literal,
    /// object or array whole). Returns <see cref="JsonTokenType.None"/> when the value is missing or null.
    /// </summary>
    public JsonTokenType ReadRaw(ReadOnlySpan<byte> json, out int start, out int length)
    {
        start = 0;
        length = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4096 });
        if (!MoveToValue(ref reader))
        {
            return JsonTokenType.None;
        }

        var type = reader.TokenType;
        switch (type)
        {
            case JsonTokenType.Null:
                return JsonTokenType.None;
            case JsonTokenType.String:
                start = (int)reader.TokenStartIndex + 1;
                length = reader.ValueSpan.Length;
                return type;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                start = (int)reader.TokenStartIndex;
                reader.Skip();
                length = (int)reader.BytesConsumed - start;
                return type;
            default:
                start = (int)reader.TokenStartIndex;
                length = reader.ValueSpan.Length;
                return type;
        }
    }

    /// <summary>Returns the value as text (strings unquoted, numbers and booleans as written, objects and arrays as JSON), or null.</summary>
    public string? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 4096 });
        if (!MoveToValue(ref reader))
        {
            return null;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return ReadString(ref reader);
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
            default:
                return Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    /// <summary>Moves a reader at the start of an object to the value at the path; false when a segment is missing.</summary>
    private bool MoveToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        for (var level = 0; level < _segments.Length; level++)
        {
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = MemberNames.Is(ref reader, _segments[level]);
                reader.Read();
                if (match)
                {
                    found = true;
                    break;
                }

                reader.Skip();
            }

            if (!found || (level < _segments.Length - 1 && reader.TokenType != JsonTokenType.StartObject))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The reader checks a string's UTF-8 only when it unescapes it, and then throws <see cref="InvalidOperationException"/>;
    /// that is bad input like any other, so it is reported as a <see cref="JsonException"/>, which fails the record alone.
    /// </summary>
    private string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new JsonException($"The value at {Path} is not valid UTF-8.", ex);
        }
    }
}
