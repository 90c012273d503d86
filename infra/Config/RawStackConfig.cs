namespace Infra.Config;

/// <summary>The config of one stack, keyed by full name (<c>namespace:key</c>), with where it came from.</summary>
public sealed record RawStackConfig(string Stack, string Source, IReadOnlyDictionary<string, RawConfigValue> Values);
