namespace Infra.Config;

/// <summary>
/// One config value as the stack supplied it, before typing: a scalar, a list, or a secret that
/// is known only to be present (its value is never kept).
/// </summary>
public sealed record RawConfigValue(string? Scalar, IReadOnlyList<string>? List, bool IsSecret)
{
    /// <summary>A structured value (mapping or list of mappings) as JSON text, from a stack file or PULUMI_CONFIG.</summary>
    public string? Json { get; init; }

    /// <summary>
    /// A value Pulumi holds encrypted (<c>PULUMI_CONFIG_SECRET_KEYS</c>) although the setting is plain:
    /// it is used, but never repeated in an error.
    /// </summary>
    public bool IsConfidential { get; init; }

    /// <summary>A present secret's shape (<see cref="SecretSetting.Shape"/>), when its setting takes one and Pulumi passed the value.</summary>
    public object? SecretShape { get; init; }

    public static RawConfigValue OfJson(string json) => new(null, null, false) { Json = json };

    public static RawConfigValue SecretPresent { get; } = new(null, null, true);

    /// <summary>A value of a shape no setting accepts (a nested mapping, say).</summary>
    public static RawConfigValue Unsupported { get; } = new(null, null, false);

    public static RawConfigValue OfScalar(string text) => new(text, null, false);

    public static RawConfigValue OfList(IReadOnlyList<string> items) => new(null, items, false);
}
