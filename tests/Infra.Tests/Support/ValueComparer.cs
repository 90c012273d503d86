using Infra.Components;
using Infra.Model;

namespace Infra.Tests.Support;

/// <summary>Structural equality of value trees (records compare lists by reference).</summary>
public sealed class ValueComparer : IEqualityComparer<Value?>
{
    public static ValueComparer Instance { get; } = new();

    public bool Equals(Value? x, Value? y) => x is null || y is null ? x is null && y is null : ChartValuesMerger.SameValue(x, y);

    public int GetHashCode(Value? obj) => 0;
}
