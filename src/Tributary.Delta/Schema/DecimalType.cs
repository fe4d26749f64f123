namespace Tributary.Delta.Schema;

/// <summary>A fixed-point decimal, written <c>decimal(p,s)</c> in a schema.</summary>
/// <param name="Precision">Total digits, 1 to 38.</param>
/// <param name="Scale">Digits after the point, 0 to <paramref name="Precision"/>.</param>
public sealed record DecimalType(int Precision, int Scale) : DeltaType
{
    /// <inheritdoc/>
    public override string ToString() => $"decimal({Precision},{Scale})";
}
