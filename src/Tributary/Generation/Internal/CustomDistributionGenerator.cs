using Tributary.Generation.Internal.Expressions;

namespace Tributary.Generation.Internal;

/// <summary>
/// Custom List with <c>selectionStyle: custom</c>: the first distribution whose rule holds for the record gives the
/// frequencies; a distribution without a rule is the default; with no match and no default, items are uniform.
/// </summary>
internal sealed class CustomDistributionGenerator(
    EncodedItem[] items,
    IReadOnlyList<(Expression? Rule, WeightedChoice Choice)> distributions) : FieldGenerator
{
    private readonly (Expression Rule, WeightedChoice Choice)[] _ruled =
        [.. distributions.Where(d => d.Rule is not null).Select(d => (d.Rule!, d.Choice))];

    private readonly WeightedChoice? _default = distributions.FirstOrDefault(d => d.Rule is null).Choice;

    public override void Generate(RecordState state, FieldValue value)
    {
        foreach (var (rule, choice) in _ruled)
        {
            if (rule.IsTrue(state))
            {
                value.SetItem(items[choice.Next(state.Random)]);
                return;
            }
        }

        value.SetItem(items[_default is null ? state.Random.NextInt(items.Length) : _default.Next(state.Random)]);
    }
}
