using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tributary.Aws.Internal.Configuration;
using Tributary.Aws.Internal.Signing;

namespace Tributary.Aws.Internal.Http;

/// <summary>
/// The AWS JSON 1.1 protocol (Kinesis, Firehose, CloudWatch Logs...): a signed POST to <c>/</c> with
/// <c>X-Amz-Target: &lt;prefix&gt;.&lt;Operation&gt;</c>. Retries throttling, 5xx and network failures with backoff;
/// other errors become <see cref="AwsServiceException"/>. Nothing it logs or throws contains headers or credentials.
/// </summary>
internal sealed class AwsJsonProtocolClient
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/x-amz-json-1.1");

    private readonly HttpClient _http;
    private readonly AwsServiceEndpoint _endpoint;
    private readonly string _targetPrefix;
    private readonly AwsCredentialSource _credentials;
    private readonly BackoffPolicy _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AwsJsonProtocolClient(
        HttpClient http,
        AwsServiceEndpoint endpoint,
        string targetPrefix,
        AwsCredentialSource credentials,
        BackoffPolicy retry,
        ILogger? logger = null,
        TimeProvider? time = null)
    {
        _http = http;
        _endpoint = endpoint;
        _targetPrefix = targetPrefix;
        _credentials = credentials;
        _retry = retry;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public AwsServiceEndpoint Endpoint => _endpoint;

    /// <summary>Calls <paramref name="operation"/> with the body written by <paramref name="writeBody"/> and returns the parsed response.</summary>
    public async Task<JsonDocument> SendAsync(string operation, Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(body))
        {
            writeBody(writer);
        }

        var payloadHash = SigV4Signer.Sha256Hex(body.WrittenSpan);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            HttpResponseMessage? response = null;
            try
            {
                using var request = await CreateRequestAsync(operation, body.WrittenMemory, payloadHash).ConfigureAwait(false);
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(content.Length == 0 ? "{}"u8.ToArray() : content);
                }

                var (code, message) = ParseError(response, content);
                if (attempt < _retry.MaxRetries && IsRetryable(response.StatusCode, code))
                {
                    _logger.LogDebug("{Service} {Operation} attempt {Attempt} failed with HTTP {Status} {Code}; retrying", _endpoint.SigningName, operation, attempt + 1, (int)response.StatusCode, code);
                    await _retry.DelayAsync(attempt + 1, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new AwsServiceException(_endpoint.SigningName, operation, response.StatusCode, code, message);
            }
            catch (Exception ex) when (IsTransient(ex, cancellationToken))
            {
                if (attempt >= _retry.MaxRetries)
                {
                    throw new AwsServiceException(_endpoint.SigningName, operation, null, ex.GetType().Name, $"{ex.Message} (endpoint {_endpoint.Url.GetLeftPart(UriPartial.Authority)})", ex);
                }

                _logger.LogDebug("{Service} {Operation} attempt {Attempt} failed: {Error}; retrying", _endpoint.SigningName, operation, attempt + 1, ex.Message);
                await _retry.DelayAsync(attempt + 1, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                response?.Dispose();
            }
        }
    }

    private async Task<HttpRequestMessage> CreateRequestAsync(string operation, ReadOnlyMemory<byte> body, string payloadHash)
    {
        var credentials = await _credentials.GetAsync().ConfigureAwait(false);
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = JsonContentType;

        var amzDate = SigV4Signer.FormatAmzDate(_time.GetUtcNow());
        var target = _targetPrefix + "." + operation;
        var host = _endpoint.Url.IsDefaultPort ? _endpoint.Url.Host : _endpoint.Url.Authority;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", host),
            new("content-type", JsonContentType.MediaType!),
            new("x-amz-date", amzDate),
            new("x-amz-target", target),
        };
        if (credentials.UseToken)
        {
            headers.Add(new("x-amz-security-token", credentials.Token));
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.Token);
        }

        var signature = SigV4Signer.Sign(
            new SigV4Request("POST", _endpoint.Url.AbsolutePath, [], headers, payloadHash),
            credentials,
            _endpoint.Region,
            _endpoint.SigningName,
            _time.GetUtcNow());

        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return request;
    }

    private static (string? Code, string? Message) ParseError(HttpResponseMessage response, byte[] content)
    {
        string? code = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (property.NameEquals("__type") && property.Value.ValueKind == JsonValueKind.String)
                    {
                        code = property.Value.GetString();
                    }
                    else if ((property.NameEquals("message") || property.NameEquals("Message")) && property.Value.ValueKind == JsonValueKind.String)
                    {
                        message = property.Value.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            message = content.Length == 0 ? null : "unparseable error body";
        }

        return (StripNamespace(code), message);
    }

    private static string? StripNamespace(string? code)
    {
        if (code is null)
        {
            return null;
        }

        var hash = code.LastIndexOf('#');
        code = hash >= 0 ? code[(hash + 1)..] : code;
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 ? code[..colon] : code;
    }

    internal static bool IsRetryable(HttpStatusCode status, string? code) =>
        (int)status >= 500
        || status == HttpStatusCode.TooManyRequests
        || code is "ThrottlingException" or "Throttling" or "ProvisionedThroughputExceededException" or "LimitExceededException"
            or "RequestLimitExceeded" or "ServiceUnavailableException" or "InternalFailure" or "ServiceUnavailable";

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException
        || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
