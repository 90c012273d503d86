namespace Infra.Yaml;

/// <summary>How a scalar is written; <see cref="Any"/> lets the writer choose plain or quoted.</summary>
internal enum YamlScalarStyle
{
    Any,
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}
