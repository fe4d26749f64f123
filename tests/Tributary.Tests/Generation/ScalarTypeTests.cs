using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Tributary.Tests.Generation.GeneratorHarness;

namespace Tributary.Tests.Generation;

public sealed class ScalarTypeTests
{
    [Fact]
    public void Number_without_decimals_covers_min_to_max_inclusive()
    {
        var values = Values("""{ "name": "n", "type": "Number", "min": 1, "max": 3, "decimals": 0 }""", "n", 600);

        Assert.All(values, v => Assert.Equal(JsonValueKind.Number, v.ValueKind));
        Assert.Equal([1, 2, 3], values.Select(v => v.GetInt32()).Distinct().Order());
        Assert.All(values, v => Assert.DoesNotContain(".", v.GetRawText(), StringComparison.Ordinal));
    }

    [Fact]
    public void Number_with_decimals_always_writes_that_many_decimals()
    {
        var values = Values("""{ "name": "p", "type": "Number", "min": 1, "max": 99, "decimals": 2 }""", "p", 2000);

        Assert.All(values, v => Assert.Matches(@"^\d{1,2}\.\d{2}$", v.GetRawText()));
        Assert.All(values, v => Assert.InRange(v.GetDecimal(), 1m, 99m));
        Assert.Contains(values, v => v.GetRawText().EndsWith('0'));
    }

    [Fact]
    public void Datetime_is_uniform_between_min_and_the_end_of_the_max_day_in_the_strftime_format()
    {
        var values = Values("""{ "name": "d", "type": "Datetime", "min": "01/01/2020", "max": "01/02/2020", "format": "%Y-%m-%d %H:%M:%S" }""", "d", 1000);

        var parsed = values.Select(v => DateTime.ParseExact(v.GetString()!, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).ToList();
        Assert.All(parsed, d => Assert.InRange(d, new DateTime(2020, 1, 1), new DateTime(2020, 1, 2, 23, 59, 59)));
        Assert.Contains(parsed, d => d.Day == 2);
    }

    [Fact]
    public void Datetime_supports_the_other_strftime_directives()
    {
        var value = Values("""{ "name": "d", "type": "Datetime", "min": "2024-03-05 14:07:09", "max": "2024-03-05 14:07:09", "format": "%a %A %b %B %d %e %j %y %I %p %M %S %L %F %T %D %R %s %z %Z %%" }""", "d", 1)[0];

        Assert.Equal("Tue Tuesday Mar March 05  5 065 24 02 PM 07 09 000 2024-03-05 14:07:09 03/05/24 14:07 1709647629 +0000 UTC %", value.GetString());
    }

    [Fact]
    public void Datetime_with_an_unsupported_directive_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "When", "type": "Datetime", "min": "01/01/2020", "max": "01/02/2020", "format": "%Q" }""");

        Assert.Equal("When", error.Column);
        Assert.StartsWith("schema column 'When': the strftime directive '%Q' is not supported", error.Message);
    }

    [Fact]
    public void Datetime_with_a_bad_date_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "When", "type": "Datetime", "min": "yesterday", "max": "01/02/2020" }""");

        Assert.Equal("schema column 'When': \"min\" 'yesterday' is not a date; use MM/dd/yyyy, yyyy-MM-dd or either with HH:mm:ss", error.Message);
    }

    [Fact]
    public void Character_sequence_maps_each_placeholder_and_copies_the_rest()
    {
        var values = Values("""{ "name": "c", "type": "Character Sequence", "format": "#^@*-x\\#" }""", "c", 500);

        Assert.All(values, v => Assert.Matches(@"^[0-9][A-Z][a-z][0-9A-Za-z]-x#$", v.GetString()!));
        Assert.True(values.Select(v => v.GetString()![3]).Distinct().Count() > 20);
    }

    [Fact]
    public void Digit_sequence_keeps_leading_zeros_as_text_and_literal_punctuation()
    {
        var values = Values("""{ "name": "c", "type": "Digit Sequence", "format": "+##-###" }""", "c", 2000);

        Assert.All(values, v => Assert.Matches(@"^\+\d{2}-\d{3}$", v.GetString()!));
        Assert.Contains(values, v => v.GetString()![1] == '0');
    }

    [Theory]
    [InlineData("Construction Material", "^[A-Z][a-z]+$")]
    [InlineData("First Name", "^[A-Z][a-z]+$")]
    [InlineData("Last Name", "^[A-Z][a-z]+$")]
    [InlineData("State", "^[A-Z][a-z]+( [A-Za-z]+)*$")]
    [InlineData("Email Address", @"^[a-z]+\d{0,2}@[a-z]+\.[a-z]+$")]
    [InlineData("Address Line 2", @"^(Apt|Suite|Room|Floor|PO Box|Unit) \d+$")]
    public void Built_in_types_give_plausible_varied_text(string type, string pattern)
    {
        var values = Values($$"""{ "name": "v", "type": "{{type}}" }""", "v", 300).Select(v => v.GetString()!).ToList();

        Assert.All(values, v => Assert.Matches(pattern, v));
        Assert.True(values.Distinct().Count() >= 5, $"{type} gave only {values.Distinct().Count()} distinct values");
    }

    [Fact]
    public void State_gives_us_states()
    {
        var values = Values("""{ "name": "v", "type": "State", "onlyUSPlaces": true }""", "v", 500).Select(v => v.GetString()!).ToHashSet();

        Assert.Contains("California", values);
        Assert.DoesNotContain("Ontario", values);
    }

    [Fact]
    public void Null_percentage_zero_never_nulls_and_hundred_always_does()
    {
        var never = Values("""{ "name": "v", "type": "Number", "min": 1, "max": 2, "decimals": 0, "null_percentage": 0 }""", "v", 500);
        var always = Values("""{ "name": "v", "type": "Number", "min": 1, "max": 2, "decimals": 0, "null_percentage": 100 }""", "v", 500);

        Assert.DoesNotContain(never, v => v.ValueKind == JsonValueKind.Null);
        Assert.All(always, v => Assert.Equal(JsonValueKind.Null, v.ValueKind));
    }

    [Fact]
    public void Null_percentage_nulls_about_that_share()
    {
        var values = Values("""{ "name": "v", "type": "First Name", "null_percentage": 30 }""", "v", 4000, seed: 3);

        var nulls = values.Count(v => v.ValueKind == JsonValueKind.Null);
        Assert.InRange(nulls, 1000, 1400);
    }

    [Fact]
    public void An_unsupported_type_fails_naming_the_column_and_the_supported_types()
    {
        var error = Fails("""{ "name": "a.b", "type": "Bitcoin Address" }""");

        Assert.Equal("a.b", error.Column);
        Assert.StartsWith("schema column 'a.b': the type 'Bitcoin Address' is not supported; supported types: Number, Datetime,", error.Message);
    }

    [Fact]
    public void A_per_column_formula_is_rejected_rather_than_ignored()
    {
        var error = Fails("""{ "name": "n", "type": "Number", "min": 1, "max": 2, "formula": "this * 2" }""");

        Assert.Equal("n", error.Column);
        Assert.Contains("per-column \"formula\" is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Number_with_min_above_max_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "n", "type": "Number", "min": 5, "max": 2, "decimals": 0 }""");

        Assert.Equal("schema column 'n': \"min\" (5) is greater than \"max\" (2)", error.Message);
    }

    [Fact]
    public void Character_sequence_without_a_format_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "c", "type": "Character Sequence" }""");

        Assert.Equal("schema column 'c': \"format\" is required", error.Message);
    }

    [Fact]
    public void Text_that_needs_escaping_is_escaped()
    {
        var values = Values("""{ "name": "c", "type": "Character Sequence", "format": "a\"b\\\\c" }""", "c", 1);

        Assert.Equal("a\"b\\c", values[0].GetString());
    }

    [Fact]
    public void Generated_text_is_never_html_escaped()
    {
        var bytes = Bytes("""{ "name": "c", "type": "Digit Sequence", "format": "+#<&>" }""", 1);

        Assert.Matches(new Regex(@"^\{""c"":""\+\d<&>""\}\n$"), System.Text.Encoding.UTF8.GetString(bytes));
    }
}
