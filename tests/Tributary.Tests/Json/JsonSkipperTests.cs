using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Tributary.Internal.Json;
using Tributary.Tests.Transform;
using Xunit;

namespace Tributary.Tests.Json;

public sealed class JsonSkipperTests
{
    private const int MaxDepth = 64;

    private static JsonException ErrorOf(Utf8JsonReader reader)
    {
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException("The reader found no error.");
    }

    [Property(MaxTest = 500)]
    public Property Valid_values_end_where_the_reader_ends_them_with_their_line_feeds_counted() =>
        Prop.ForAll(SkipperJson.Values(4).Select(Encoding.UTF8.GetBytes).ToArbitrary(), data =>
        {
            // A number alone is only known complete once something follows it.
            var padded = data.Concat(" "u8.ToArray()).ToArray();
            var (valid, end) = SkipperJson.Reader(padded, MaxDepth);
            var (outcome, state) = SkipperJson.Skipper(padded, MaxDepth);
            var lineFeeds = padded.AsSpan(0, Math.Max(0, end)).Count((byte)'\n');
            return valid && outcome == SkipOutcome.Done && state.Position == end && state.LineFeeds == lineFeeds
                && state.LastLineFeed == padded.AsSpan(0, end).LastIndexOf((byte)'\n');
        });

    [Property(MaxTest = 3000)]
    public Property Mutated_values_are_vouched_for_exactly_when_the_reader_accepts_them() =>
        Prop.ForAll(SkipperJson.Mutated(SkipperJson.Objects(3)).ToArbitrary(), data =>
        {
            var (valid, end) = SkipperJson.Reader(data, MaxDepth);
            var (outcome, state) = SkipperJson.Skipper(data, MaxDepth);
            return valid
                ? (outcome == SkipOutcome.Done && state.Position == end).Label($"reader: valid to {end}; skipper: {outcome} at {state.Position}")
                : (outcome != SkipOutcome.Done).Label($"reader: invalid; skipper: {outcome} at {state.Position}");
        });

    [Property(MaxTest = 200)]
    public Property A_value_split_anywhere_across_two_calls_ends_as_in_one() =>
        Prop.ForAll(SkipperJson.Objects(3).Select(Encoding.UTF8.GetBytes).ToArbitrary(), data =>
        {
            var (whole, wholeState) = SkipperJson.Skipper(data, MaxDepth);
            for (var split = 0; split < data.Length; split++)
            {
                var state = JsonSkipState.AtValue(0, 0);
                var first = JsonSkipper.Skip(data.AsSpan(0, split), ref state, MaxDepth);
                var second = JsonSkipper.Skip(data, ref state, MaxDepth);
                if (first != SkipOutcome.NeedMore || second != whole || state.Position != wholeState.Position || state.LineFeeds != wholeState.LineFeeds
                    || state.LastLineFeed != wholeState.LastLineFeed)
                {
                    return false.Label($"split at {split}: {first} then {second} at {state.Position}; in one call {whole} at {wholeState.Position}");
                }
            }

            return (whole == SkipOutcome.Done).Label("valid in one call");
        });

    [Property(MaxTest = 500)]
    public Property Mutated_values_split_anywhere_get_the_verdict_they_get_in_one_call() =>
        Prop.ForAll(SkipperJson.Mutated(SkipperJson.Objects(2)).ToArbitrary(), data =>
        {
            var (whole, wholeState) = SkipperJson.Skipper(data, MaxDepth);
            for (var split = 0; split <= data.Length; split++)
            {
                var state = JsonSkipState.AtValue(0, 0);
                var outcome = JsonSkipper.Skip(data.AsSpan(0, split), ref state, MaxDepth);
                if (outcome == SkipOutcome.NeedMore)
                {
                    outcome = JsonSkipper.Skip(data, ref state, MaxDepth);
                }

                var same = outcome == whole && (outcome != SkipOutcome.Done || state.Position == wholeState.Position);
                if (!same)
                {
                    return false.Label($"split at {split}: {outcome} at {state.Position}; in one call {whole} at {wholeState.Position}");
                }
            }

            return true.ToProperty();
        });

    [Theory]
    [InlineData("{\"a\":01}")]
    [InlineData("{\"a\":1.}")]
    [InlineData("{\"a\":-}")]
    [InlineData("{\"a\":1e}")]
    [InlineData("{\"a\":1e+}")]
    [InlineData("{\"a\":.5}")]
    [InlineData("{\"a\":+1}")]
    [InlineData("{\"a\":\"\\x\"}")]
    [InlineData("{\"a\":\"\\u12G4\"}")]
    [InlineData("{\"a\":\"tab\there\"}")]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,]")]
    [InlineData("{\"a\":1 /* no */}")]
    [InlineData("{\"a\":tru}")]
    [InlineData("{\"a\":nulls}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":1]")]
    [InlineData("[{\"a\":1]}")]
    [InlineData("{\"a\"\u00a0:1}")]
    public void Invalid_values_are_left_to_the_reader(string json)
    {
        var data = Encoding.UTF8.GetBytes(json);
        Assert.False(SkipperJson.Reader(data, MaxDepth).Valid);
        Assert.Equal(SkipOutcome.Unsure, SkipperJson.Skipper(data, MaxDepth).Outcome);
    }

    [Theory]
    [InlineData("{\"a\":0}")]
    [InlineData("{\"a\":-0.0e-0}")]
    [InlineData("{\"a\":\"\\ud800\\u0000\\\"\"}")]
    [InlineData("{\"a\":\"\u007f\"}")]
    [InlineData("{ \"a\" :\r\n[ ] ,\t\"b\":{ } }")]
    [InlineData("[[],[[]],{},\"x\",true,false,null]")]
    public void Valid_edge_cases_are_vouched_for(string json)
    {
        var data = Encoding.UTF8.GetBytes(json);
        var (outcome, state) = SkipperJson.Skipper(data, MaxDepth);
        Assert.Equal((true, data.Length), SkipperJson.Reader(data, MaxDepth));
        Assert.Equal(SkipOutcome.Done, outcome);
        Assert.Equal(data.Length, state.Position);
    }

    [Fact]
    public void Control_bytes_in_strings_are_refused_as_the_reader_refuses_them()
    {
        for (var b = 0; b < 0x20; b++)
        {
            var data = Encoding.UTF8.GetBytes("{\"a\":\"x" + (char)b + "y\"}");
            Assert.False(SkipperJson.Reader(data, MaxDepth).Valid);
            Assert.Equal(SkipOutcome.Unsure, SkipperJson.Skipper(data, MaxDepth).Outcome);
        }
    }

    [Fact]
    public void Bytes_that_are_not_utf8_inside_strings_are_left_for_the_utf8_check_as_the_reader_leaves_them()
    {
        byte[] data = [(byte)'{', (byte)'"', (byte)'a', 0xFF, 0xC3, (byte)'"', (byte)':', (byte)'"', 0x80, (byte)'"', (byte)'}'];
        Assert.Equal((true, data.Length), SkipperJson.Reader(data, MaxDepth));
        Assert.Equal(SkipOutcome.Done, SkipperJson.Skipper(data, MaxDepth).Outcome);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(62)]
    public void Nesting_up_to_the_maximum_depth_is_valid_and_one_past_it_is_not(int maxDepth)
    {
        var at = Encoding.UTF8.GetBytes(SkipperJson.Nested(maxDepth));
        var past = Encoding.UTF8.GetBytes(SkipperJson.Nested(maxDepth + 1));
        Assert.True(SkipperJson.Reader(at, maxDepth).Valid);
        Assert.Equal(SkipOutcome.Done, SkipperJson.Skipper(at, maxDepth).Outcome);
        Assert.False(SkipperJson.Reader(past, maxDepth).Valid);
        Assert.Equal(SkipOutcome.Unsure, SkipperJson.Skipper(past, maxDepth).Outcome);
    }

    [Fact]
    public void Containers_open_outside_the_run_count_against_the_maximum_depth()
    {
        // Three objects already open (one of them the run's), a limit of 5: two more levels fit, three do not.
        var fits = "\"a\":{\"b\":[1]}}"u8.ToArray();
        var deeper = "\"a\":{\"b\":[[1]]}}"u8.ToArray();
        Assert.True(JsonSkipState.TryAfterToken(JsonTokenType.StartObject, 0, 1, 2, out var state));
        state.Next = SkipExpect.Name;
        Assert.Equal(SkipOutcome.Done, JsonSkipper.Skip(fits, ref state, 5));
        Assert.True(JsonSkipState.TryAfterToken(JsonTokenType.StartObject, 0, 1, 2, out state));
        state.Next = SkipExpect.Name;
        Assert.Equal(SkipOutcome.Unsure, JsonSkipper.Skip(deeper, ref state, 5));
    }

    [Fact]
    public void Nesting_deeper_than_the_skipper_tracks_is_left_to_the_reader()
    {
        var data = Encoding.UTF8.GetBytes(SkipperJson.Nested(JsonSkipState.MaxTrackedDepth + 1));
        Assert.True(SkipperJson.Reader(data, 256).Valid);
        Assert.Equal(SkipOutcome.Unsure, SkipperJson.Skipper(data, 256).Outcome);
    }

    [Fact]
    public void Reader_states_can_be_moved_on_this_runtime_so_the_splitter_skips()
    {
        // Without it every skip would quietly fall back to the reader and the equivalence tests would prove nothing.
        Assert.True(ReaderStates.Available);
    }

    [Fact]
    public void A_moved_reader_state_reports_a_later_error_where_a_reader_that_read_everything_reports_it()
    {
        var head = "{\"a\":{\"b\":true"u8.ToArray();
        var skipped = ",\n \"c\" : [\n2],\r\n \"d\":\"x\"} }"u8.ToArray();
        var tail = " ?"u8.ToArray();
        var options = new JsonReaderOptions { AllowMultipleValues = true };
        var whole = new Utf8JsonReader([.. head, .. skipped, .. tail], isFinalBlock: true, new JsonReaderState(options));
        var expected = ErrorOf(whole);

        var reader = new Utf8JsonReader(head, isFinalBlock: false, new JsonReaderState(options));
        while (reader.Read())
        {
        }

        var moved = ReaderStates.AfterObjects(reader.CurrentState, 2, skipped.Length, 3, 11);
        var after = new Utf8JsonReader(tail, isFinalBlock: true, moved);
        var actual = ErrorOf(after);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal((expected.LineNumber, expected.BytePositionInLine), (actual.LineNumber, actual.BytePositionInLine));
    }

    [Fact]
    public void A_run_started_after_any_token_of_a_retail_record_ends_with_the_record()
    {
        foreach (var record in OnePassCorpus.Retail(40))
        {
            var reader = new Utf8JsonReader(record);
            var arrays = 0;
            while (reader.Read())
            {
                var type = reader.TokenType;
                arrays += type == JsonTokenType.StartArray ? 1 : type == JsonTokenType.EndArray ? -1 : 0;
                var objects = reader.CurrentDepth + (type == JsonTokenType.StartObject ? 1 : 0);
                if (arrays > 0 || objects == 0 || !JsonSkipState.TryAfterToken(type, (int)reader.BytesConsumed, objects, 0, out var state))
                {
                    continue;
                }

                Assert.Equal(SkipOutcome.Done, JsonSkipper.Skip(record, ref state, MaxDepth));
                Assert.Equal(record.Length, state.Position);
            }
        }
    }
}
