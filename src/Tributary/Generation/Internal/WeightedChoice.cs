namespace Tributary.Generation.Internal;

/// <summary>Picks an index with probability proportional to its weight.</summary>
internal sealed class WeightedChoice
{
    private readonly double[] _cumulative;
    private readonly int[] _indexes;

    public WeightedChoice(IReadOnlyList<double> weights)
    {
        var cumulative = new List<double>();
        var indexes = new List<int>();
        var total = 0.0;
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] > 0)
            {
                total += weights[i];
                cumulative.Add(total);
                indexes.Add(i);
            }
        }

        if (indexes.Count == 0)
        {
            throw new ArgumentException("every frequency is zero");
        }

        _cumulative = [.. cumulative.Select(c => c / total)];
        _indexes = [.. indexes];
    }

    public int Next(Xoshiro256 random)
    {
        if (_indexes.Length == 1)
        {
            return _indexes[0];
        }

        var u = random.NextDouble();
        for (var i = 0; i < _cumulative.Length - 1; i++)
        {
            if (u < _cumulative[i])
            {
                return _indexes[i];
            }
        }

        return _indexes[^1];
    }
}
