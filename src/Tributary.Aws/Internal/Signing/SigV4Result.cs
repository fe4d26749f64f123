namespace Tributary.Aws.Internal.Signing;

/// <summary>The intermediate and final values of one SigV4 signature (kept so tests can check each step).</summary>
/// <param name="CanonicalRequest">The canonical request that was hashed.</param>
/// <param name="StringToSign">The string that was signed.</param>
/// <param name="SignedHeaders">The <c>;</c>-separated lower-case names of the signed headers.</param>
/// <param name="Signature">The hex signature.</param>
/// <param name="Authorization">The value of the <c>Authorization</c> header.</param>
internal sealed record SigV4Result(string CanonicalRequest, string StringToSign, string SignedHeaders, string Signature, string Authorization);
