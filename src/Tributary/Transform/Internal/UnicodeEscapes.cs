using System.Buffers;
using System.Text.Json;

namespace Tributary.Transform.Internal;

/// <summary>
/// Finds an escaped lone surrogate (<c>"\ud800"</c>) in a record that parsed as JSON: the parser accepts it, but it
/// is no Unicode text, so no string column, metadata column or column name may hold it. Records without a
/// <c>\uD8</c>–<c>\uDF</c> escape (nearly all) cost one vectorised search.
/// </summary>
internal static class UnicodeEscapes
{
    /// <exception cref="TransformFailure">A string or member name has an escape sequence that is not valid Unicode text.</exception>
    public static void Check(ReadOnlySpan<byte> json)
    {
        if (!MayHaveSurrogateEscape(json))
        {
            return;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = int.MaxValue / 2 });
        ReadOnlySpan<byte> member = default;
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String))
            {
                continue;
            }

            if (reader.ValueIsEscaped && !reader.HasValueSequence && MayHaveSurrogateEscape(reader.ValueSpan) && Invalid(ref reader) is { } problem)
            {
                var where = reader.TokenType == JsonTokenType.PropertyName
                    ? "a member name"
                    : member.IsEmpty ? "a string" : $"the value of '{System.Text.Encoding.UTF8.GetString(member)}'";
                throw new TransformFailure(
                    TransformErrorCodes.InvalidJson,
                    $"The record has an escape sequence that is not valid Unicode text in {where} (at byte {reader.TokenStartIndex}): {problem}");
            }

            member = reader.TokenType == JsonTokenType.PropertyName && !reader.ValueIsEscaped ? reader.ValueSpan : default;
        }
    }

    private static string? Invalid(ref Utf8JsonReader reader)
    {
        var scratch = ArrayPool<char>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            reader.CopyString(scratch);
            return null;
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary>Whether the bytes hold <c>\u</c> followed by D8–DF (a surrogate, paired or not, or an escaped backslash before "ud8").</summary>
    private static bool MayHaveSurrogateEscape(ReadOnlySpan<byte> json)
    {
        var rest = json;
        while (true)
        {
            var at = rest.IndexOf("\\u"u8);
            if (at < 0 || at + 3 >= rest.Length)
            {
                return false;
            }

            if (rest[at + 2] is (byte)'d' or (byte)'D' && rest[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
            {
                return true;
            }

            rest = rest[(at + 2)..];
        }
    }
}
