namespace Tributary.Delta.Tests.Log;

public sealed class DeltaPathsTests
{
    [Theory]
    [InlineData("as_timestamp=2021-09-08 11%3A11%3A11/part-0.parquet", "as_timestamp=2021-09-08%2011%253A11%253A11/part-0.parquet")]
    [InlineData("_2=bar+%2521/part-0.parquet", "_2=bar+%252521/part-0.parquet")]
    [InlineData("c2=+ %3D%250/part-0.parquet", "c2=+%20%253D%25250/part-0.parquet")]
    [InlineData("letter=%2F%2520%25f/part-0.parquet", "letter=%252F%252520%2525f/part-0.parquet")]
    [InlineData("data=😈/part-0.parquet", "data=😈/part-0.parquet")]
    [InlineData("special p@#h", "special%20p@%23h")]
    public void Paths_encode_like_spark_and_decode_back(string storagePath, string logPath)
    {
        Assert.Equal(logPath, DeltaPaths.Encode(storagePath));
        Assert.Equal(storagePath, DeltaPaths.Decode(logPath));
    }

    [Theory]
    [InlineData("file:/some/path", "/some/path")]
    [InlineData("file:///some/path", "/some/path")]
    [InlineData("/some/with%20space", "/some/with space")]
    public void Canonical_keys_ignore_the_file_scheme(string logPath, string key)
    {
        Assert.Equal(key, DeltaPaths.CanonicalKey(logPath));
    }
}
