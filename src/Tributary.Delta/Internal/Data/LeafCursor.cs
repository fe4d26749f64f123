namespace Tributary.Delta.Internal.Data;

/// <summary>Reads the entries of one leaf column in order: levels plus packed non-null values.</summary>
internal sealed class LeafCursor(FileNode node, object?[] values, int[]? definitions, int[]? repetitions, int entries)
{
    private int _entry;
    private int _value;

    public FileNode Node { get; } = node;

    public bool HasMore => _entry < entries;

    public int PeekDefinition => definitions is null ? Node.Definition : definitions[_entry];

    public int PeekRepetition => repetitions is null ? 0 : repetitions[_entry];

    public object? Take()
    {
        var defined = PeekDefinition == Node.Definition;
        _entry++;
        return defined ? values[_value++] : null;
    }

    public void Skip()
    {
        if (PeekDefinition == Node.Definition)
        {
            _value++;
        }

        _entry++;
    }
}
