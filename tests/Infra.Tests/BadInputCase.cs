using Infra.Config;

namespace Infra.Tests;

/// <summary>
/// One bad value of one key, for the stacks of <see cref="Roles"/>: what the user sets (<see cref="Value"/>:
/// a scalar, a JSON list or mapping, or with <see cref="YamlOnly"/> raw YAML that only a stack file can hold)
/// and what the error must say (<see cref="Expected"/>; <c>{stack}</c> stands for the stack's name).
/// <see cref="Value"/> may use <c>{stack}</c> and <c>{oncall}</c> (the on-call stack's name). With <see cref="Twice"/>
/// the stack file sets the key twice (a slip only a stack file can hold; implies <see cref="YamlOnly"/>).
/// </summary>
public sealed record BadInputCase(string Name, StackRole[] Roles, string Key, string Value, string[] Expected, bool YamlOnly = false, bool CompileOnly = false, bool Twice = false)
{
    public static readonly StackRole[] Cluster = [StackRole.Environment, StackRole.Controlplane];
    public static readonly StackRole[] Environment = [StackRole.Environment];
    public static readonly StackRole[] Controlplane = [StackRole.Controlplane];
}
