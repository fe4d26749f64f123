using static Tributary.Tests.Generation.GeneratorHarness;

namespace Tributary.Tests.Generation;

public sealed class ListAndRuleTests
{
    private const string Region = """{ "name": "R", "type": "Custom List", "values": ["North ", "South ", "Other"], "selectionStyle": "random" }""";

    [Fact]
    public void Custom_list_random_picks_every_value_keeping_its_spaces()
    {
        var values = Values(Region, "R", 300).Select(v => v.GetString()).ToHashSet();

        Assert.Equal(["North ", "Other", "South "], values.Order());
    }

    [Fact]
    public void Custom_list_sequential_cycles_in_order()
    {
        var values = Values("""{ "name": "s", "type": "Custom List", "values": ["a", "b", "c"], "selectionStyle": "sequential" }""", "s", 5);

        Assert.Equal(["a", "b", "c", "a", "b"], values.Select(v => v.GetString()));
    }

    [Fact]
    public void Custom_distribution_follows_the_rule_that_matches_the_trimmed_value()
    {
        var records = GeneratorHarness.Records(Region + """
            , { "name": "C", "type": "Custom List", "values": ["N1", "N2", "S1", "X"], "selectionStyle": "custom", "distribution": [
                { "rule": "field('R') == 'North'", "frequencies": { "N1": "1", "N2": "3", "S1": "0", "X": "0" } },
                { "rule": "field('R')== 'South'", "frequencies": { "S1": 1 } },
                { "rule": null, "frequencies": { "X": "1" } } ] }
            """, 3000);

        foreach (var record in records)
        {
            var region = record.GetProperty("R").GetString();
            var country = record.GetProperty("C").GetString();
            var allowed = region switch
            {
                "North " => new[] { "N1", "N2" },
                "South " => ["S1"],
                _ => ["X"],
            };
            Assert.Contains(country, allowed);
        }

        var north = records.Where(r => r.GetProperty("R").GetString() == "North ").Select(r => r.GetProperty("C").GetString()).ToList();
        Assert.InRange(north.Count(c => c == "N2") / (double)north.Count, 0.65, 0.85);
    }

    [Fact]
    public void A_custom_distribution_without_a_matching_rule_or_default_is_uniform()
    {
        var values = Values(Region + """
            , { "name": "C", "type": "Custom List", "values": ["a", "b"], "selectionStyle": "custom", "distribution": [
                { "rule": "field('R') == 'Nowhere'", "frequencies": { "a": "1", "b": "0" } } ] }
            """, "C", 200).Select(v => v.GetString()).ToHashSet();

        Assert.Equal(["a", "b"], values.Order());
    }

    [Theory]
    [InlineData("field('R') != 'North'", "North ", false)]
    [InlineData("field('R') != 'North'", "South ", true)]
    [InlineData("field('R') == 'North' or field('R') == 'South'", "South ", true)]
    [InlineData("field('R') == 'North' && !(field('R') == 'South')", "North ", true)]
    [InlineData("not field('R') == 'Other'", "Other", false)]
    [InlineData("'North' == field('R')", "North ", true)]
    public void Rules_support_negation_and_logic(string rule, string region, bool matches)
    {
        var records = GeneratorHarness.Records(Region + $$"""
            , { "name": "C", "type": "Custom List", "values": ["yes", "no"], "selectionStyle": "custom", "distribution": [
                { "rule": "{{rule}}", "frequencies": { "yes": "1", "no": "0" } },
                { "frequencies": { "no": "1" } } ] }
            """, 300);

        var outcomes = records.Where(r => r.GetProperty("R").GetString() == region).Select(r => r.GetProperty("C").GetString()).Distinct().ToList();
        Assert.Equal([matches ? "yes" : "no"], outcomes);
    }

    [Theory]
    [InlineData("field('R') = 'North'", "distribution 1 rule \"field('R') = 'North'\" is not valid: '=' is assignment; compare with '==' (at character 12 of \"field('R') = 'North'\")")]
    [InlineData("field('Q') == 'North'", "distribution 1 rule \"field('Q') == 'North'\" is not valid: there is no column named 'Q' (at character 7 of \"field('Q') == 'North'\")")]
    [InlineData("field('C') == 'x'", "distribution 1 rule \"field('C') == 'x'\" is not valid: 'C' is not an earlier column (a column can only use the columns before it) (at character 7 of \"field('C') == 'x'\")")]
    [InlineData("field('R') == 'North", "distribution 1 rule \"field('R') == 'North\" is not valid: a string is not closed (at character 21 of \"field('R') == 'North\")")]
    [InlineData("upper(field('R')) == 'NORTH'", "distribution 1 rule \"upper(field('R')) == 'NORTH'\" is not valid: the function 'upper' is not supported (supported: field, round) (at character 1 of \"upper(field('R')) == 'NORTH'\")")]
    public void A_bad_rule_fails_naming_the_column_and_the_rule(string rule, string reason)
    {
        var error = Fails(Region + $$"""
            , { "name": "C", "type": "Custom List", "values": ["x"], "selectionStyle": "custom", "distribution": [
                { "rule": "{{rule}}", "frequencies": { "x": "1" } } ] }
            """);

        Assert.Equal("C", error.Column);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void A_frequency_for_a_value_not_in_the_list_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "C", "type": "Custom List", "values": ["x"], "selectionStyle": "custom", "distribution": [ { "rule": null, "frequencies": { "y": "1" } } ] }""");

        Assert.Equal("schema column 'C': distribution 1 gives a frequency to 'y', which is not in \"values\"", error.Message);
    }

    [Fact]
    public void All_zero_frequencies_fail_naming_the_column()
    {
        var error = Fails("""{ "name": "C", "type": "Custom List", "values": ["x"], "selectionStyle": "custom", "distribution": [ { "frequencies": { "x": "0" } } ] }""");

        Assert.Equal("schema column 'C': distribution 1 gives every value a frequency of zero", error.Message);
    }

    [Fact]
    public void An_unknown_selection_style_fails_naming_the_column()
    {
        var error = Fails("""{ "name": "C", "type": "Custom List", "values": ["x"], "selectionStyle": "weighted" }""");

        Assert.Equal("schema column 'C': the selectionStyle 'weighted' is not supported; allowed values: random, sequential, custom", error.Message);
    }
}
