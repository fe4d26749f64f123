using System.Net;
using System.Text;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// Answers the first calls of one operation itself, the way AWS does under load (a throttling error, then a 503),
/// and forwards the rest to the real server.
/// </summary>
internal sealed class ThrottlingHandler : DelegatingHandler
{
    private readonly string _target;
    private readonly Queue<(HttpStatusCode Status, string ErrorType)> _answers;

    public ThrottlingHandler(string target, params (HttpStatusCode Status, string ErrorType)[] answers)
        : base(new HttpClientHandler())
    {
        _target = target;
        _answers = new Queue<(HttpStatusCode, string)>(answers);
    }

    public int Calls { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValues("X-Amz-Target", out var targets) || targets.Single() != _target)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        Calls++;
        if (_answers.TryDequeue(out var answer))
        {
            return new HttpResponseMessage(answer.Status)
            {
                Content = new StringContent($$"""{"__type":"{{answer.ErrorType}}","message":"injected by the test"}""", Encoding.UTF8, "application/x-amz-json-1.1"),
            };
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
