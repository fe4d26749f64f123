using System.Net;

namespace Tributary.Aws;

/// <summary>
/// An AWS API call failed for good (after any retries). The message names the service, the operation, the HTTP
/// status and AWS's error code and message; it never includes request headers or credentials.
/// </summary>
public sealed class AwsServiceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsServiceException(string service, string operation, HttpStatusCode? statusCode, string? errorCode, string? errorMessage, Exception? innerException = null)
        : base(Describe(service, operation, statusCode, errorCode, errorMessage), innerException)
    {
        Service = service;
        Operation = operation;
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The service called, for example <c>kinesis</c>.</summary>
    public string Service { get; }

    /// <summary>The API operation, for example <c>PutRecords</c>.</summary>
    public string Operation { get; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>AWS's error code (the <c>__type</c> without its namespace), for example <c>ResourceNotFoundException</c>.</summary>
    public string? ErrorCode { get; }

    private static string Describe(string service, string operation, HttpStatusCode? statusCode, string? errorCode, string? errorMessage)
    {
        var status = statusCode is { } s ? $"HTTP {(int)s}" : "no response";
        var code = string.IsNullOrEmpty(errorCode) ? "" : $" {errorCode}";
        var message = string.IsNullOrEmpty(errorMessage) ? "" : $": {errorMessage}";
        return $"{service} {operation} failed ({status}{code}){message}";
    }
}
