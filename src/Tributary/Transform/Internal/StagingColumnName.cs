using Tributary.Staging;

namespace Tributary.Transform.Internal;

/// <summary>The rule every flattened column name must pass before it becomes a staging column.</summary>
internal static class StagingColumnName
{
    /// <exception cref="TransformFailure">The name is empty or clashes with a staging metadata column.</exception>
    public static void Check(string name)
    {
        if (name.Length == 0 || (name[0] == '_' && StagingColumns.IsReserved(name)))
        {
            throw new TransformFailure(
                TransformErrorCodes.InvalidColumnName,
                name.Length == 0
                    ? "A flattened column has an empty name (the record has an empty key at the top level)."
                    : $"The flattened column '{name}' clashes with a staging metadata column of the same name.");
        }
    }
}
