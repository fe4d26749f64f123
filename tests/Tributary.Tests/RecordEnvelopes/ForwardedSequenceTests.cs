using System.Text;
using Tributary.Records.Internal;

namespace Tributary.Tests.RecordEnvelopes;

public sealed class ForwardedSequenceTests
{
    [Theory]
    [InlineData(1L)]
    [InlineData(7L)]
    [InlineData(99_990L)]
    [InlineData(9_999_999_990L)]
    [InlineData(long.MaxValue - 30)]
    public void Counting_on_in_place_gives_what_formatting_gives(long first)
    {
        var counted = new byte[256];
        var formatted = new byte[256];
        var previous = 0L;
        for (var sequence = first; sequence < first + 25 && sequence > 0; sequence++)
        {
            var length = ForwardedEnvelope.NextQuotedSequence(sequence, previous, counted);
            var expected = ForwardedEnvelope.QuotedSequence(sequence, formatted);
            Assert.Equal(Encoding.ASCII.GetString(formatted, 0, expected), Encoding.ASCII.GetString(counted, 0, length));
            Assert.Equal($"\"{sequence:D20}\"", Encoding.ASCII.GetString(counted, 0, length));
            previous = sequence;
        }
    }

    [Fact]
    public void A_sequence_that_does_not_follow_is_formatted_again()
    {
        var buffer = new byte[256];
        ForwardedEnvelope.NextQuotedSequence(41, 0, buffer);
        var length = ForwardedEnvelope.NextQuotedSequence(1_000, 41, buffer);
        Assert.Equal("\"00000000000000001000\"", Encoding.ASCII.GetString(buffer, 0, length));
        length = ForwardedEnvelope.NextQuotedSequence(999, 1_000, buffer);
        Assert.Equal("\"00000000000000000999\"", Encoding.ASCII.GetString(buffer, 0, length));
    }
}
