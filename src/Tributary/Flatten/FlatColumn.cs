using System.Text.Json;

namespace Tributary.Flatten;

/// <summary>
/// One column of a flattened row: its joined key and its value. A value whose <see cref="JsonElement.ValueKind"/>
/// is <see cref="JsonValueKind.Undefined"/> is a null made by flattening (an empty object or list), and reads like
/// a JSON <c>null</c>.
/// </summary>
/// <param name="Name">The joined key, for example <c>RetailTxnData_LineItem_StockCode</c>.</param>
/// <param name="Value">The value: a JSON scalar, <c>null</c>, an empty array, or undefined for a null made by flattening.</param>
public readonly record struct FlatColumn(string Name, JsonElement Value)
{
    /// <summary>Whether the value is null (a JSON <c>null</c> or a null made by flattening).</summary>
    public bool IsNull => Value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
}
