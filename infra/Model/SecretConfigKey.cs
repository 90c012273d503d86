namespace Infra.Model;

/// <summary>
/// A secret config key the program references. It is declared under the program's <c>config:</c>
/// with <c>secret: true</c>, so Pulumi reports it by name when it has not been set.
/// </summary>
public sealed record SecretConfigKey(string Key, string Description);
