using Infra.Config;

namespace Infra.Tests;

/// <summary>
/// One bad command-line argument, for the stacks of <see cref="Roles"/>: the command's arguments (<see cref="Args"/>;
/// <c>{stack}</c>, <c>{root}</c> and <c>{file}</c>, an existing file, stand for the run's), the exit code, the argument
/// the error must name, what it must say (<see cref="Expected"/>, the fix among it) and what it must not
/// (<see cref="NotExpected"/>: a key the user never set, a .NET type name).
/// </summary>
public sealed record BadArgumentCase(string Name, StackRole[] Roles, string[] Args, int ExitCode, string Argument, string[] Expected, string[] NotExpected)
{
    public static readonly StackRole[] Any = [StackRole.Environment, StackRole.Controlplane, StackRole.OnCall];
}
