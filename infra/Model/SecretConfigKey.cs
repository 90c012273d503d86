namespace Infra.Model;

/// <summary>
/// A secret config key the program references. It is declared under the program's <c>config:</c>
/// with <c>secret: true</c>, so Pulumi reports it by name when it has not been set; <see cref="Type"/> is
/// Pulumi YAML's config type (string, or object for a JSON mapping such as the on-call phone numbers).
/// </summary>
public sealed record SecretConfigKey(string Key, string Description, string Type = "string");
