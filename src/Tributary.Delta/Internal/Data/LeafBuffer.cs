namespace Tributary.Delta.Internal.Data;

/// <summary>The shredded entries of one Parquet leaf column: packed non-null values plus Dremel levels.</summary>
internal sealed class LeafBuffer(ShredNode node)
{
    public ShredNode Node { get; } = node;

    public List<object> Values { get; } = [];

    public List<int> Definitions { get; } = [];

    public List<int> Repetitions { get; } = [];

    public void AddNull(int definition, int repetition)
    {
        Definitions.Add(definition);
        Repetitions.Add(repetition);
    }

    public void AddValue(object value, int repetition)
    {
        Values.Add(value);
        Definitions.Add(Node.Definition);
        Repetitions.Add(repetition);
    }
}
