using System.Text;
using System.Text.Json.Nodes;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// Sits between a client and the real server and makes batch puts fail partly, the way a throttled shard or
/// delivery stream does: the chosen entries are taken out of the request before it reaches the server and come back
/// as per-entry errors in its response. The others really are written.
/// </summary>
internal sealed class PartialFailureHandler : DelegatingHandler
{
    private readonly string _target;
    private readonly string _recordsProperty;
    private readonly string _resultsProperty;
    private readonly string _failedCountProperty;
    private int _callsToFail;

    public PartialFailureHandler(string target, string recordsProperty, string resultsProperty, string failedCountProperty, int callsToFail)
        : base(new HttpClientHandler())
    {
        _target = target;
        _recordsProperty = recordsProperty;
        _resultsProperty = resultsProperty;
        _failedCountProperty = failedCountProperty;
        _callsToFail = callsToFail;
    }

    public int EntriesFailed { get; private set; }

    public int Calls { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValues("X-Amz-Target", out var targets) || targets.Single() != _target)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Calls++;
        if (Interlocked.Decrement(ref _callsToFail) < 0)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        var records = body[_recordsProperty]!.AsArray();
        var all = records.Select(r => r!.DeepClone()).ToList();
        var keep = new List<int>();
        records.Clear();
        for (var i = 0; i < all.Count; i++)
        {
            // Fail every other entry, starting with the first, so a batch of one fails too.
            if (i % 2 == 1)
            {
                keep.Add(i);
                records.Add(all[i]);
            }
        }

        var forwarded = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        forwarded.Content.Headers.ContentType = request.Content.Headers.ContentType;
        foreach (var header in request.Headers)
        {
            forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var response = await base.SendAsync(forwarded, cancellationToken);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        var results = answer[_resultsProperty]!.AsArray().Select(r => r!.DeepClone()).ToList();
        var merged = new JsonArray();
        var next = 0;
        for (var i = 0; i < all.Count; i++)
        {
            if (keep.Contains(i))
            {
                merged.Add(results[next++]);
            }
            else
            {
                EntriesFailed++;
                merged.Add(new JsonObject { ["ErrorCode"] = "ProvisionedThroughputExceededException", ["ErrorMessage"] = "Rate exceeded (injected by the test)" });
            }
        }

        answer[_resultsProperty] = merged;
        answer[_failedCountProperty] = all.Count - keep.Count;
        response.Content = new StringContent(answer.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1");
        return response;
    }
}
