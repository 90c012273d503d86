namespace Infra.Model;

/// <summary>
/// A reference to stack configuration, emitted as <c>${namespace:key}</c>, so Pulumi reads the
/// value itself (and keeps it secret). The compiler never sees or copies the value.
/// </summary>
public sealed record ConfigReferenceValue(string Key) : Value;
