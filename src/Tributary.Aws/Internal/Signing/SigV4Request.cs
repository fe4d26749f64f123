namespace Tributary.Aws.Internal.Signing;

/// <summary>What SigV4 signs: the method, the path (not yet percent-encoded), the query and the headers.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The absolute path, unencoded, for example <c>/</c>.</param>
/// <param name="Query">The query parameters, unencoded, in any order.</param>
/// <param name="Headers">The headers to sign, including <c>host</c> and <c>x-amz-date</c>; repeated names are allowed.</param>
/// <param name="PayloadSha256Hex">The lower-case hex SHA-256 of the body.</param>
internal sealed record SigV4Request(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string PayloadSha256Hex);
