using System.Text.Json.Nodes;

namespace Tributary.Load.Internal;

/// <summary>One place a query reads a view: the name it goes by there and the conjuncts (DuckDB's parse) that bound its partitions.</summary>
internal sealed record ViewRead(string Scope, IReadOnlyList<JsonNode> Conjuncts);
