using System.Buffers;
using System.Text.Json;

namespace Tributary.Delivery.Internal;

/// <summary>
/// Renders failed records as Firehose writes them under the error prefix: one JSON object per line with
/// attemptsMade, arrivalTimestamp, errorCode, errorMessage, attemptEndingTimestamp, rawData (base64) and lambdaArn.
/// </summary>
internal static class ErrorOutputWriter
{
    public static byte[] Render(IReadOnlyList<FailedRecord> failures, string lambdaArn)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new Utf8JsonWriter(buffer);
        foreach (var failure in failures)
        {
            writer.Reset(buffer);
            writer.WriteStartObject();
            writer.WriteNumber("attemptsMade"u8, failure.AttemptsMade);
            writer.WriteNumber("arrivalTimestamp"u8, failure.Record.ArrivalMilliseconds);
            writer.WriteString("errorCode"u8, failure.ErrorCode);
            writer.WriteString("errorMessage"u8, failure.ErrorMessage);
            writer.WriteNumber("attemptEndingTimestamp"u8, failure.AttemptEndingMilliseconds);
            writer.WriteBase64String("rawData"u8, failure.Record.Data.Span);
            writer.WriteString("lambdaArn"u8, lambdaArn);
            writer.WriteEndObject();
            writer.Flush();
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
