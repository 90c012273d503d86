using YamlDotNet.RepresentationModel;

namespace Infra.Diff;

/// <summary>A resource or output of a Pulumi YAML program: its name, type token (resources only) and declaration.</summary>
public sealed record ProgramEntry(string Name, string? Type, YamlNode Declaration);
