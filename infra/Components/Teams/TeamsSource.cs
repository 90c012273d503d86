using Infra.Config;
using Infra.Model;

namespace Infra.Components.Teams;

/// <summary>
/// Where a cluster stack reads the teams it serves: <c>observability:teams</c> of the on-call stack named by
/// <c>teamsStack</c> (else <c>pagerDutyOnCallStack</c>), from <c>stacks/Pulumi.&lt;stack&gt;.yaml</c> of the same
/// checkout, as the controlplane reads its environments' stack files. Tests give teams directly.
/// </summary>
public sealed class TeamsSource
{
    private readonly string? _root;
    private readonly TeamList? _fixed;

    /// <param name="root">Project root holding stacks/; null reads no files (no teams).</param>
    public TeamsSource(string? root) => _root = root;

    private TeamsSource(TeamList teams) => _fixed = teams;

    /// <summary>These teams whatever the stack says (synthetic stacks in tests).</summary>
    public static TeamsSource Of(TeamList teams) => new(teams);

    /// <summary>The name of the on-call stack a cluster stack takes its teams from; empty: none.</summary>
    public static string StackOf(StackSettings settings) =>
        settings.Get(SettingsCatalog.TeamsStack) is { Length: > 0 } teams ? teams : settings.Get(SettingsCatalog.PagerDutyOnCallStack);

    /// <summary>The teams of a cluster stack; problems (a missing or wrong stack file) are added to <paramref name="problems"/>.</summary>
    public TeamList For(StackSettings settings, List<string> problems)
    {
        if (_fixed is not null)
        {
            return _fixed;
        }

        var name = StackOf(settings);
        if (name.Length == 0 || _root is null)
        {
            return TeamList.Empty;
        }

        var prefix = $"stack '{settings.Stack}' ({settings.Source})";
        if (name.Contains('/', StringComparison.Ordinal))
        {
            // Another project's on-call stack: its file is not in this checkout, so its teams are unknown here.
            return TeamList.Empty;
        }

        if (!File.Exists(StackFileReader.PathFor(_root, name)))
        {
            problems.Add($"{prefix}: the teams come from on-call stack '{name}', but stacks/Pulumi.{name}.yaml does not exist; create it (README, 'On call') or fix {SettingsCatalog.TeamsStack.Key}");
            return TeamList.Empty;
        }

        StackSettings onCall;
        try
        {
            onCall = SettingsBinder.Bind(StackFileReader.Read(_root, name), secretsMustBeEncrypted: true);
        }
        catch (CompilationException e)
        {
            problems.Add($"{prefix}: the teams come from on-call stack '{name}', whose stack file does not compile: {string.Join("; ", e.Problems)}");
            return TeamList.Empty;
        }

        if (onCall.Role != StackRole.OnCall)
        {
            problems.Add($"{prefix}: the teams come from '{name}', which is not an on-call stack ({SettingsCatalog.Role.Key}: oncall); name the on-call stack in {SettingsCatalog.TeamsStack.Key}");
            return TeamList.Empty;
        }

        return onCall.Get(SettingsCatalog.Teams);
    }
}
