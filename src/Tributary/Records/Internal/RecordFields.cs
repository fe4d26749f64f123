using System.Text;
using System.Text.Json;
using Tributary.Internal.Json;

namespace Tributary.Records.Internal;

/// <summary>
/// Finds the values at a few dotted field paths (<c>RetailTxnData.StoreNo</c>) while a reader walks a record to its
/// end, so that a record whose end must be found anyway is read once. At each level the first member with the
/// segment's name decides, as a reader looking for one path at a time would: a later duplicate is not looked at, and
/// a path whose member on the way is not an object is missing.
/// </summary>
internal sealed class RecordFields
{
    // Path depths the skipper's hook can track (its depth bits are 64, and the skipper tracks 63 levels).
    private const int MaxHookSegments = 32;
    private readonly byte[][][] _paths;
    private readonly bool _hookable;

    public RecordFields(IReadOnlyList<string> paths)
    {
        _paths = [.. paths.Select(p => p.Split('.').Select(Encoding.UTF8.GetBytes).ToArray())];
        _hookable = _paths.Length <= RecordFieldsHook.MaxPaths && _paths.All(p => p.Length <= MaxHookSegments);
    }

    /// <summary>How many paths there are (the length of the values a walk fills).</summary>
    public int Count => _paths.Length;

    /// <summary>
    /// Walks from the record's opening brace (the reader's current token) to its closing brace (the reader's token on
    /// return), filling <paramref name="values"/> (one per path, positions in the reader's data).
    /// </summary>
    /// <exception cref="JsonException">The record is not valid JSON.</exception>
    public void Walk(ref Utf8JsonReader reader, Span<FieldValue> values)
    {
        var depth = reader.CurrentDepth;
        if (!Decide(ref reader, values))
        {
            ReadToEnd(ref reader, depth);
        }
    }

    /// <summary>
    /// Like <see cref="Walk(ref Utf8JsonReader, Span{FieldValue})"/>, but once every path is decided the rest of the
    /// record is passed over by <see cref="JsonSkipper"/> instead of the reader, so the reader is left inside the
    /// record: returns the index just past its closing brace in <paramref name="data"/> (the reader's data). Should
    /// the skipper doubt the rest, the reader reads it, so an invalid record fails with the reader's error as before.
    /// </summary>
    /// <exception cref="JsonException">The record is not valid JSON.</exception>
    public int WalkToEnd(ReadOnlySpan<byte> data, ref Utf8JsonReader reader, Span<FieldValue> values)
    {
        var depth = reader.CurrentDepth;
        if (Decide(ref reader, values))
        {
            return (int)reader.BytesConsumed;
        }

        var type = reader.TokenType;
        var objects = reader.CurrentDepth - depth + (type == JsonTokenType.StartObject ? 1 : 0);
        if (JsonSkipState.TryAfterToken(type, (int)reader.BytesConsumed, objects, depth, out var state)
            && JsonSkipper.Skip(data, ref state, reader.CurrentState.Options.MaxDepth) == SkipOutcome.Done)
        {
            return state.Position;
        }

        ReadToEnd(ref reader, depth);
        return (int)reader.BytesConsumed;
    }

    /// <summary>
    /// Passes over a whole record (from its opening brace at the start of <paramref name="record"/>) with
    /// <see cref="JsonSkipper"/> alone, finding the values on the way by the rules of
    /// <see cref="Walk(ref Utf8JsonReader, Span{FieldValue})"/>; positions are in <paramref name="record"/>. Returns false
    /// when the skipper cannot vouch for the record (or for a member name where a path looks): the caller then walks it
    /// with the reader, which gives the same values and words any error.
    /// </summary>
    public bool TrySkipWalk(ReadOnlySpan<byte> record, int maxDepth, Span<FieldValue> values, out int end)
    {
        end = 0;
        if (!_hookable || record.IsEmpty || record[0] != (byte)'{')
        {
            return false;
        }

        var hook = new RecordFieldsHook(_paths);
        var state = JsonSkipState.AtValue(0, 0);
        if (JsonSkipper.Skip(record, ref state, maxDepth, ref hook) != SkipOutcome.Done)
        {
            return false;
        }

        hook.CopyTo(values);
        end = state.Position;
        return true;
    }

    /// <summary>
    /// Reads until every path is decided, filling <paramref name="values"/>; returns true when the record ended on the
    /// way (the reader is on its closing brace), false when it is still open (the reader is on the deciding token).
    /// </summary>
    private bool Decide(ref Utf8JsonReader reader, Span<FieldValue> values)
    {
        var depth = reader.CurrentDepth;
        values.Clear();

        // Per path: the segments matched so far, whether it is decided, and whether the next token is its value.
        Span<int> matched = stackalloc int[_paths.Length];
        Span<bool> decided = stackalloc bool[_paths.Length];
        Span<bool> pending = stackalloc bool[_paths.Length];
        var open = _paths.Length;
        var anyPending = false;
        while (open > 0)
        {
            if (!reader.Read())
            {
                throw new JsonException("The record ends early.");
            }

            var type = reader.TokenType;
            var level = reader.CurrentDepth - depth;
            if (anyPending)
            {
                anyPending = false;
                for (var p = 0; p < _paths.Length; p++)
                {
                    if (!pending[p])
                    {
                        continue;
                    }

                    pending[p] = false;
                    if (matched[p] == _paths[p].Length - 1)
                    {
                        values[p] = Value(ref reader, type);
                        decided[p] = true;
                        open--;
                    }
                    else if (type == JsonTokenType.StartObject)
                    {
                        matched[p]++;
                    }
                    else
                    {
                        decided[p] = true;
                        open--;
                    }
                }
            }

            if (type == JsonTokenType.PropertyName)
            {
                for (var p = 0; p < _paths.Length; p++)
                {
                    if (!decided[p] && matched[p] == level - 1 && MemberNames.Is(ref reader, _paths[p][matched[p]]))
                    {
                        pending[p] = true;
                        anyPending = true;
                    }
                }
            }
            else if (type == JsonTokenType.EndObject)
            {
                if (level == 0)
                {
                    return true;
                }

                // The object a path was looking in has ended without the member it wanted.
                for (var p = 0; p < _paths.Length; p++)
                {
                    if (!decided[p] && matched[p] == level)
                    {
                        decided[p] = true;
                        open--;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>Every path is decided: nothing but the record's end matters now (the reader still checks every token).</summary>
    private static void ReadToEnd(ref Utf8JsonReader reader, int depth)
    {
        while (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != depth)
        {
            if (!reader.Read())
            {
                throw new JsonException("The record ends early.");
            }
        }
    }

    private static FieldValue Value(ref Utf8JsonReader reader, JsonTokenType type) => type switch
    {
        JsonTokenType.Null => default,
        JsonTokenType.String => new FieldValue(type, (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length),
        JsonTokenType.StartObject or JsonTokenType.StartArray => new FieldValue(type, -1, 0),
        _ => new FieldValue(type, (int)reader.TokenStartIndex, reader.ValueSpan.Length),
    };
}
