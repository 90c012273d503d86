namespace Infra.Config;

/// <summary>What a setting's default may depend on.</summary>
public sealed record DefaultContext(string Stack, StackRole Role, Profile Profile);
