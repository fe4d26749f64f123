using System.Text.Json;
using Tributary.Aws.Lambda.Internal;
using Tributary.Aws.Metrics;
using Tributary.Transform;

namespace Tributary.Aws.Lambda;

/// <summary>
/// The transform stage as a Firehose data-transformation Lambda function: handler
/// <c>Tributary.Aws::Tributary.Aws.Lambda.TransformFunction::HandleAsync</c>. Flattens each record into
/// newline-delimited rows; every recordId comes back as Ok, Dropped or ProcessingFailed.
/// </summary>
public sealed class TransformFunction
{
    private readonly LambdaContext _context;
    private readonly TransformHandler _handler;

    /// <summary>Builds the function from the environment (called by the Lambda runtime once per execution environment).</summary>
    public TransformFunction()
        : this(LambdaContext.FromEnvironment())
    {
    }

    internal TransformFunction(LambdaContext context)
    {
        _context = context;
        _handler = new TransformHandler(context.Options.Transform);
    }

    /// <summary>The Lambda entry point: a Firehose transformation event in, the transformation response out.</summary>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, CancellationToken.None);

    /// <summary>The entry point with cancellation (tests, local hosts).</summary>
    public async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        using var payload = await PayloadBuffer.ReadAsync(input, cancellationToken).ConfigureAwait(false);
        var output = new MemoryStream();
        await _handler.HandleAsync(payload, output, cancellationToken).ConfigureAwait(false);

        var (ok, dropped, failed) = CountResults(output);
        output.Position = 0;
        _context.Emit("transform",
        [
            new("RecordsIn", ok + dropped + failed),
            new("RecordsOut", ok),
            new("RecordsDropped", dropped),
            new("RecordsFailed", failed),
            new("BytesIn", payload.Length, "Bytes"),
            new("BytesOut", output.Length, "Bytes"),
        ]);
        return output;
    }

    private static (int Ok, int Dropped, int Failed) CountResults(MemoryStream output)
    {
        using var document = JsonDocument.Parse(output.GetBuffer().AsMemory(0, (int)output.Length));
        int ok = 0, dropped = 0, failed = 0;
        if (document.RootElement.TryGetProperty("records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            foreach (var record in records.EnumerateArray())
            {
                switch (record.TryGetProperty("result", out var result) ? result.GetString() : null)
                {
                    case "Ok":
                        ok++;
                        break;
                    case "Dropped":
                        dropped++;
                        break;
                    default:
                        failed++;
                        break;
                }
            }
        }

        return (ok, dropped, failed);
    }
}
