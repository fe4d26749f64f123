namespace Tributary.Generation.Internal;

/// <summary>The generator's state for one output file: the random stream, the record number and every column's value.</summary>
internal sealed class RecordState(Xoshiro256 random, int columnCount)
{
    public Xoshiro256 Random { get; } = random;

    /// <summary>0-based number of the record being generated in this file.</summary>
    public long RecordIndex { get; set; }

    public FieldValue[] Values { get; } = Enumerable.Range(0, columnCount).Select(_ => new FieldValue()).ToArray();
}
