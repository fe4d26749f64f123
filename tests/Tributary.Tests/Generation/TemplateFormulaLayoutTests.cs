using System.Text;
using System.Text.Json;
using static Tributary.Tests.Generation.GeneratorHarness;

namespace Tributary.Tests.Generation;

public sealed class TemplateFormulaLayoutTests
{
    private const string Prices = """
        { "name": "Q", "type": "Number", "min": 1, "max": 99, "decimals": 0 },
        { "name": "U", "type": "Number", "min": 1, "max": 99, "decimals": 2 }
        """;

    [Fact]
    public void Template_copies_and_combines_earlier_columns()
    {
        var records = GeneratorHarness.Records(Prices + """
            , { "name": "Copy", "type": "Template", "value": "{U}" },
              { "name": "Both", "type": "Template", "value": "q={Q}, u={ U }!" }
            """, 200);

        Assert.All(records, r =>
        {
            Assert.Equal(r.GetProperty("U").GetRawText(), r.GetProperty("Copy").GetString());
            Assert.Equal($"q={r.GetProperty("Q").GetRawText()}, u={r.GetProperty("U").GetRawText()}!", r.GetProperty("Both").GetString());
        });
    }

    [Fact]
    public void Template_of_a_list_value_is_identical_text()
    {
        var records = GeneratorHarness.Records("""
            { "name": "R", "type": "Custom List", "values": ["Europe ", "Africa"] },
            { "name": "T", "type": "Template", "value": "{R}" }
            """, 50);

        Assert.All(records, r => Assert.Equal(r.GetProperty("R").GetString(), r.GetProperty("T").GetString()));
    }

    [Fact]
    public void Template_naming_a_later_column_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "T", "type": "Template", "value": "{Later}" }, { "name": "Later", "type": "First Name" }""");

        Assert.Equal("schema column 'T': 'Later' is not an earlier column (a column can only use the columns before it)", error.Message);
    }

    [Fact]
    public void Formula_multiplies_exactly_and_keeps_two_decimals()
    {
        var records = GeneratorHarness.Records(Prices + """, { "name": "S", "type": "Formula", "value": "field('U') * field('Q')" }""", 2000);

        Assert.All(records, r =>
        {
            var expected = r.GetProperty("U").GetDecimal() * r.GetProperty("Q").GetDecimal();
            Assert.Equal(expected, r.GetProperty("S").GetDecimal());
            Assert.Matches(@"^\d+\.\d{2}$", r.GetProperty("S").GetRawText());
        });
    }

    [Theory]
    [InlineData("(field('Q') + 1) * 2 - Q", "Q + 2")]
    [InlineData("round(field('U') / 3, 2)", "round2(U / 3)")]
    [InlineData("-field('Q') % 7", "-(Q % 7)")]
    public void Formula_supports_the_arithmetic_operators(string formula, string meaning)
    {
        var records = GeneratorHarness.Records(Prices + $$""", { "name": "F", "type": "Formula", "value": "{{formula}}" }""", 300);

        Assert.All(records, r =>
        {
            var q = r.GetProperty("Q").GetDecimal();
            var u = r.GetProperty("U").GetDecimal();
            var expected = meaning switch
            {
                "Q + 2" => q + 2,
                "round2(U / 3)" => Math.Round(u / 3, 2, MidpointRounding.AwayFromZero),
                _ => -(q % 7),
            };
            Assert.Equal(expected, r.GetProperty("F").GetDecimal());
        });
    }

    [Fact]
    public void A_bad_formula_fails_naming_the_column()
    {
        var error = Fails(Prices + """, { "name": "F", "type": "Formula", "value": "field('U') * " }""");

        Assert.Equal("F", error.Column);
        Assert.StartsWith("the expression ends too early", error.Reason);
    }

    [Fact]
    public void Dotted_names_become_nested_objects_in_first_appearance_order()
    {
        var bytes = Bytes("""
            { "name": "A.X", "type": "Custom List", "values": ["x"] },
            { "name": "A.B.Y", "type": "Custom List", "values": ["y"] },
            { "name": "Top", "type": "Custom List", "values": ["t"] },
            { "name": "A.Z", "type": "Custom List", "values": ["z"] }
            """, 1);

        Assert.Equal("{\"A\":{\"X\":\"x\",\"B\":{\"Y\":\"y\"},\"Z\":\"z\"},\"Top\":\"t\"}\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void A_name_that_is_both_a_value_and_an_object_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "A", "type": "First Name" }, { "name": "A.B", "type": "First Name" }""");

        Assert.Equal("A.B", error.Column);
    }

    [Fact]
    public void The_array_format_is_one_valid_json_array_with_a_record_per_line()
    {
        var text = Encoding.UTF8.GetString(Bytes(Prices, 3, format: Tributary.Generation.GeneratedFileFormat.Array));

        var lines = text.Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Equal("[", lines[0]);
        Assert.Equal("]", lines[4]);
        Assert.Equal(3, JsonDocument.Parse(text).RootElement.GetArrayLength());
    }

    [Fact]
    public void An_empty_array_file_is_valid_json()
    {
        var text = Encoding.UTF8.GetString(Bytes(Prices, 0, format: Tributary.Generation.GeneratedFileFormat.Array));

        Assert.Equal("[]\n", text);
    }
}
