namespace Tributary.Generation.Internal;

/// <summary>Picks a list item uniformly (Custom List "random", and the built-in word lists) or in turn ("sequential").</summary>
internal sealed class ListGenerator(EncodedItem[] items, bool sequential = false) : FieldGenerator
{
    public override void Generate(RecordState state, FieldValue value) =>
        value.SetItem(items[sequential ? (int)(state.RecordIndex % items.Length) : state.Random.NextInt(items.Length)]);
}
