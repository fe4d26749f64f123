using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tributary.Aws.Lambda;
using Tributary.Aws.Lambda.Internal;
using Tributary.Configuration;

namespace Tributary.Aws.Tests.Fixtures;

/// <summary>
/// The Firehose API on 127.0.0.1 in front of moto, adding the one thing moto's Firehose leaves out: moto stores each
/// PutRecordBatch's records in S3 as they came, and never invokes a delivery stream's transformation Lambda. Here
/// each batch's records go through <see cref="TransformFunction"/> first, in the event shape Firehose invokes it
/// with, and moto receives the transformed data instead, which it concatenates into one S3 object as Firehose does.
/// Every other call passes through unchanged. Unlike Firehose, it transforms per call rather than per buffer, and
/// the test asserts every record comes back <c>Ok</c>, so the record counts moto answers with still match.
/// </summary>
internal sealed class FirehoseTransformProxy : IAsyncDisposable
{
    private const string PutRecordBatch = "Firehose_20150804.PutRecordBatch";
    private readonly HttpListener _listener = new();
    private readonly HttpClient _moto = new();
    private readonly Uri _motoEndpoint;
    private readonly TransformFunction _transform;
    private readonly AwsClientFactory _clients;
    private readonly Task _serving;
    private int _invocations;

    public FirehoseTransformProxy(AwsOptions aws)
    {
        _motoEndpoint = new Uri(aws.EndpointUrl!);
        _clients = new AwsClientFactory(aws);
        _transform = new TransformFunction(new LambdaContext(new TributaryOptions { Aws = aws }, _clients, null, TextWriter.Null));
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Records that were not answered <c>Ok</c> by the transform, with their results.</summary>
    public List<string> NotOk { get; } = [];

    public int Invocations => Volatile.Read(ref _invocations);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _listener.Close();
        _moto.Dispose();
        _clients.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var content = body.ToArray();
            var target = context.Request.Headers["X-Amz-Target"];
            if (target == PutRecordBatch)
            {
                content = await TransformAsync(content);
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_motoEndpoint, context.Request.RawUrl));
            request.Content = new ByteArrayContent(content);
            foreach (var name in context.Request.Headers.AllKeys)
            {
                if (name is null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = context.Request.Headers[name]!;
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await _moto.SendAsync(request);
            var answer = await response.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await context.Response.OutputStream.WriteAsync(answer);
        }
        catch (Exception ex)
        {
            context.Response.StatusCode = 500;
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { __type = "ProxyError", message = ex.ToString() })));
        }
        finally
        {
            context.Response.Close();
        }
    }

    /// <summary>The PutRecordBatch body with each record's data replaced by what the transform function made of it.</summary>
    private async Task<byte[]> TransformAsync(byte[] putRecordBatch)
    {
        using var put = JsonDocument.Parse(putRecordBatch);
        var name = put.RootElement.GetProperty("DeliveryStreamName").GetString()!;
        var records = put.RootElement.GetProperty("Records").EnumerateArray().Select(r => r.GetProperty("Data").GetString()!).ToList();
        var invocation = Interlocked.Increment(ref _invocations);
        var transformEvent = JsonSerializer.Serialize(new
        {
            invocationId = "proxy-" + invocation.ToString(CultureInfo.InvariantCulture),
            deliveryStreamArn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/" + name,
            region = "us-east-1",
            records = records.Select((data, i) => new { recordId = i.ToString(CultureInfo.InvariantCulture), approximateArrivalTimestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), data }),
        });
        await using var output = await _transform.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(transformEvent)));
        using var response = await JsonDocument.ParseAsync(output);
        var transformed = new List<object>();
        foreach (var result in response.RootElement.GetProperty("records").EnumerateArray())
        {
            if (result.GetProperty("result").GetString() != "Ok")
            {
                lock (NotOk)
                {
                    NotOk.Add(result.ToString());
                }
            }

            transformed.Add(new { Data = result.GetProperty("data").GetString() });
        }

        return JsonSerializer.SerializeToUtf8Bytes(new { DeliveryStreamName = name, Records = transformed });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
