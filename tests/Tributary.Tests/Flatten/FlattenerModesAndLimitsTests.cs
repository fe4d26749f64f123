using System.Text;
using Tributary.Flatten;

namespace Tributary.Tests.Flatten;

/// <summary>Strict mode and the limits that keep hostile records from hurting the pipeline.</summary>
public sealed class FlattenerModesAndLimitsTests
{
    [Theory]
    [InlineData("""{"zeros":[0,0]}""", """[{"zeros":0},{"zeros":0}]""")]
    [InlineData("""{"none":[null]}""", """[{"none":null}]""")]
    [InlineData("""{"s":["",""],"f":[false]}""", """[{"s":"","f":false},{"s":"","f":false}]""")]
    [InlineData("""{"tags":[],"meta":{}}""", """[{"tags":null,"meta":null}]""")]
    [InlineData("""{"o":[{}]}""", """[{"o":null}]""")]
    public void Strict_mode_keeps_lists_whose_elements_are_all_falsy(string input, string expected)
    {
        Assert.Equal(expected, RowJson.FlattenToJson(input, FlattenOptions.Strict));
    }

    [Theory]
    [InlineData("""{"a_b":1,"a":{"b":2}}""")]
    [InlineData("""{"items":[{"sku":"A"}],"items_sku":"X"}""")]
    public void Strict_mode_refuses_key_collisions(string input)
    {
        var error = Assert.Throws<FlattenException>(() => RowJson.Flatten(input, FlattenOptions.Strict));

        Assert.Equal(FlattenErrorKind.KeyCollision, error.Kind);
        Assert.Contains("'a_b'", error.Message.Replace("items_sku", "a_b", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Strict_mode_refuses_sibling_list_products_only_when_asked()
    {
        const string input = """{"a":[1,2],"b":[3,4],"c":[5]}""";
        Assert.Equal(4, RowJson.Flatten(input, FlattenOptions.Strict).Count);

        var error = Assert.Throws<FlattenException>(() => RowJson.Flatten(input, FlattenOptions.Strict with { RejectListProducts = true }));

        Assert.Equal(FlattenErrorKind.ListProduct, error.Kind);
        Assert.Contains("'a', 'b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_limit_fails_a_record_that_explodes_too_far_before_emitting_its_rows()
    {
        // 20 × 20 × 20 = 8,000 rows against a limit of 1,000: refused by the product check, not after the fact.
        var list = "[" + string.Join(",", Enumerable.Range(1, 20)) + "]";
        var input = $$"""{"a":{{list}},"b":{{list}},"c":{{list}}}""";
        var sink = new CountingSink();

        var error = Assert.Throws<FlattenException>(() =>
        {
            var flattener = new Flattener(FlattenOptions.Compat with { MaxRowsPerRecord = 1000 });
            using var document = flattener.Parse(Encoding.UTF8.GetBytes(input));
            flattener.Flatten(document.RootElement, sink);
        });

        Assert.Equal(FlattenErrorKind.TooManyRows, error.Kind);
        Assert.Contains("1000 rows", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sink.Rows);
    }

    [Fact]
    public void Row_limit_counts_rows_made_by_deeper_explosions()
    {
        // Each top-level pass looks small (3 rows) but each expands to 3 × 3 deeper: 27 rows in all.
        const string input = """{"x":[{"p":[1,2,3],"q":[4,5,6]},{"p":[1,2,3],"q":[4,5,6]},{"p":[1,2,3],"q":[4,5,6]}]}""";

        Assert.Equal(27, RowJson.Flatten(input, FlattenOptions.Compat with { MaxRowsPerRecord = 27 }).Count);
        var error = Assert.Throws<FlattenException>(() => RowJson.Flatten(input, FlattenOptions.Compat with { MaxRowsPerRecord = 26 }));
        Assert.Equal(FlattenErrorKind.TooManyRows, error.Kind);
    }

    [Theory]
    [InlineData(10_000)]
    [InlineData(65)]
    public void Records_nested_deeper_than_the_limit_fail_with_a_depth_error(int depth)
    {
        var input = "{\"a\":" + string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth)) + "}";

        var error = Assert.Throws<FlattenException>(() => RowJson.Flatten(input));

        Assert.Equal(FlattenErrorKind.DepthExceeded, error.Kind);
        Assert.Contains("64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_at_the_depth_limit_is_flattened()
    {
        var input = string.Concat(Enumerable.Repeat("{\"k\":", 63)) + "1" + new string('}', 63);

        var rows = RowJson.Flatten(input);

        Assert.Equal(string.Join("_", Enumerable.Repeat("k", 63)), Assert.Single(Assert.Single(rows)).Name);
    }

    [Theory]
    [InlineData("[1,2]", "an array")]
    [InlineData("42", "a number")]
    [InlineData("\"text\"", "a string")]
    [InlineData("null", "null")]
    public void Only_objects_can_be_flattened(string input, string described)
    {
        var error = Assert.Throws<FlattenException>(() => RowJson.Flatten(input));

        Assert.Equal(FlattenErrorKind.NotAnObject, error.Kind);
        Assert.Contains(described, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("")]
    public void Invalid_json_is_reported_as_such(string input)
    {
        var error = Assert.Throws<FlattenException>(() => RowJson.Flatten(input));

        Assert.Equal(FlattenErrorKind.InvalidJson, error.Kind);
    }

    [Fact]
    public void Invalid_utf8_is_reported_as_invalid_json()
    {
        var flattener = new Flattener();

        var error = Assert.Throws<FlattenException>(() => flattener.Parse(new byte[] { (byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}' }));

        Assert.Equal(FlattenErrorKind.InvalidJson, error.Kind);
    }

    [Fact]
    public void The_flattener_can_be_reused_across_records_of_different_shapes()
    {
        var flattener = new Flattener();
        using var first = flattener.Parse(Encoding.UTF8.GetBytes("""{"a":[1,2,3],"b":{"c":[4,5]}}"""));
        using var second = flattener.Parse(Encoding.UTF8.GetBytes("""{"z":1}"""));

        Assert.Equal(6, flattener.Flatten(first.RootElement).Count);
        Assert.Equal("""[{"z":1}]""", RowJson.Render(flattener.Flatten(second.RootElement)));
        Assert.Equal(6, flattener.Flatten(first.RootElement).Count);
    }

    private sealed class CountingSink : IFlatRowSink
    {
        public int Rows { get; private set; }

        public void OnRow(ReadOnlySpan<FlatColumn> columns) => Rows++;
    }
}
