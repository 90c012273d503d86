namespace Infra.Yaml;

/// <summary>How <see cref="YamlWriter"/> treats strings and expressions.</summary>
public enum YamlMode
{
    /// <summary>A Pulumi YAML program: literal <c>$</c> is written <c>$$</c>, references become <c>${...}</c>.</summary>
    PulumiProgram,

    /// <summary>A document in its own tool's format: text as is; references shown as <c>${...}</c> placeholders.</summary>
    Document,
}
