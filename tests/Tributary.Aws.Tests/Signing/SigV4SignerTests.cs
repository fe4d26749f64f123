using System.Text;
using Amazon.Runtime;
using Tributary.Aws.Internal.Signing;

namespace Tributary.Aws.Tests.Signing;

/// <summary>
/// Checks the signer against vectors of AWS's Signature Version 4 test suite (aws-sig-v4-test-suite): same
/// credentials, date, region and service as the suite; the expected values are the suite's .creq/.sts/.authz.
/// </summary>
public sealed class SigV4SignerTests
{
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    private static readonly ImmutableCredentials SuiteCredentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static SigV4Result Sign(string method, string path, (string, string)[] query, (string, string)[] extraHeaders, string body = "")
    {
        var headers = new List<KeyValuePair<string, string>> { new("Host", "example.amazonaws.com") };
        headers.AddRange(extraHeaders.Select(h => new KeyValuePair<string, string>(h.Item1, h.Item2)));
        headers.Add(new("X-Amz-Date", "20150830T123600Z"));
        var request = new SigV4Request(
            method,
            path,
            query.Select(q => new KeyValuePair<string, string>(q.Item1, q.Item2)).ToList(),
            headers,
            SigV4Signer.Sha256Hex(Encoding.UTF8.GetBytes(body)));
        return SigV4Signer.Sign(request, SuiteCredentials, "us-east-1", "service", SuiteTime);
    }

    private static string Authz(string signedHeaders, string signature) =>
        $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders={signedHeaders}, Signature={signature}";

    [Fact]
    public void GetVanilla()
    {
        var result = Sign("GET", "/", [], []);

        Assert.Equal(
            "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
            result.StringToSign);
        Assert.Equal(Authz("host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"), result.Authorization);
    }

    [Fact]
    public void GetVanillaQueryOrderKey_SortsRepeatedKeysByValue()
    {
        var result = Sign("GET", "/", [("Param1", "value2"), ("Param1", "Value1")], []);

        Assert.Equal(
            "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89",
            result.StringToSign);
        Assert.Equal(Authz("host;x-amz-date", "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1"), result.Authorization);
    }

    [Fact]
    public void GetVanillaQueryOrderKeyCase_SortsByKey()
    {
        var result = Sign("GET", "/", [("Param2", "value2"), ("Param1", "value1")], []);

        Assert.Equal(Authz("host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"), result.Authorization);
    }

    [Fact]
    public void GetVanillaEmptyQueryKey()
    {
        var result = Sign("GET", "/", [("Param1", "value1")], []);

        Assert.Equal(Authz("host;x-amz-date", "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"), result.Authorization);
    }

    [Fact]
    public void GetVanillaUtf8Query_PercentEncodesUtf8()
    {
        var result = Sign("GET", "/", [("\u1234", "bar")], []);

        Assert.Contains("\n%E1%88%B4=bar\n", result.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal(Authz("host;x-amz-date", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"), result.Authorization);
    }

    [Fact]
    public void GetUtf8Path()
    {
        var result = Sign("GET", "/\u1234", [], []);

        Assert.StartsWith("GET\n/%E1%88%B4\n", result.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal(Authz("host;x-amz-date", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"), result.Authorization);
    }

    [Fact]
    public void GetUnreserved_LeavesUnreservedCharactersAlone()
    {
        var result = Sign("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", [], []);

        Assert.Equal(Authz("host;x-amz-date", "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"), result.Authorization);
    }

    [Fact]
    public void GetHeaderValueTrim_TrimsAndCollapsesSpaces()
    {
        var result = Sign("GET", "/", [], [("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")]);

        Assert.Contains("my-header1:value1\nmy-header2:\"a b c\"\n", result.CanonicalRequest, StringComparison.Ordinal);
        Assert.Equal(Authz("host;my-header1;my-header2;x-amz-date", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"), result.Authorization);
    }

    [Fact]
    public void PostVanilla()
    {
        var result = Sign("POST", "/", [], []);

        Assert.Equal(Authz("host;x-amz-date", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"), result.Authorization);
    }

    [Fact]
    public void PostXWwwFormUrlencoded_SignsContentTypeAndBody()
    {
        var result = Sign("POST", "/", [], [("Content-Type", "application/x-www-form-urlencoded")], "Param1=value1");

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            result.StringToSign);
        Assert.Equal(Authz("content-type;host;x-amz-date", "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"), result.Authorization);
    }

    [Fact]
    public void PostStsHeaderBefore_SignsTheSessionToken()
    {
        const string token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

        var result = Sign("POST", "/", [], [("X-Amz-Security-Token", token)]);

        Assert.Equal(Authz("host;x-amz-date;x-amz-security-token", "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"), result.Authorization);
    }
}
