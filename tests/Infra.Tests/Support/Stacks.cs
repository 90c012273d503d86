using Infra.Config;

namespace Infra.Tests.Support;

/// <summary>
/// The stacks the per-stack tests run over, compiled the way the CLI does and cached: every stack in
/// stacks/, plus the synthetic ones of <see cref="SyntheticStacks"/> (ids <c>synthetic:&lt;stack&gt;</c>),
/// so that no test holds only for the stacks that happen to exist. Tests about a role or a profile
/// pick their stacks by that role or profile, never by name.
/// </summary>
public static class Stacks
{
    private static readonly Dictionary<string, CompiledStack> Cache = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>
    /// Every stack id of every role, the on-call stack included: the stacks in stacks/, then the synthetic
    /// ones. For what must hold for any program (secrets, Pulumi schemas, lint, golden files, the CLI).
    /// </summary>
    public static IReadOnlyList<string> Every => [.. Repo.Stacks, .. SyntheticStacks.Ids];

    /// <summary>Every stack id of every role, for theories that must hold for any program.</summary>
    public static TheoryData<string> EveryData() => Data(Every);

    /// <summary>
    /// Every cluster stack id (environments and controlplanes, synthetic ones included): the stacks with
    /// Prometheus, workloads and namespaces, which most per-stack theories are about.
    /// </summary>
    public static IReadOnlyList<string> All => [.. Every.Where(id => RoleOf(id) != StackRole.OnCall)];

    /// <summary>Every cluster stack id, for theories that must hold for every cluster stack.</summary>
    public static TheoryData<string> AllData() => Data(All);

    /// <summary>Every stack id of a role (and profile, when given), synthetic ones included.</summary>
    public static TheoryData<string> Data(StackRole? role, Profile? profile = null) => Data(Of(role, profile));

    /// <summary>The stack ids of a role and profile (null: any cluster role; profile null: any), synthetic ones included.</summary>
    public static IEnumerable<string> Of(StackRole? role, Profile? profile = null) =>
        (role == StackRole.OnCall ? Every : All).Where(id => (role is null || RoleOf(id) == role) && (profile is null || ProfileOf(id) == profile));

    /// <summary>
    /// The stack ids of a role, failing when there is none: for a test that loops over them, which would
    /// otherwise pass without checking anything.
    /// </summary>
    public static IReadOnlyList<string> AtLeastOne(StackRole role, Profile? profile = null)
    {
        var ids = Of(role, profile).ToList();
        Assert.True(ids.Count > 0, $"no {role} stack{(profile is null ? string.Empty : $" with the {profile} profile")} to check: the test would pass without checking anything");
        return ids;
    }

    /// <summary>The stack in stacks/ with a role and profile (null: any) that sorts first.</summary>
    public static string First(StackRole? role, Profile? profile = null) =>
        Of(role, profile).FirstOrDefault(id => !IsSynthetic(id))
            ?? throw new InvalidOperationException($"stacks/ holds no {role?.ToString() ?? "environment or controlplane"} stack{(profile is null ? string.Empty : $" with the {profile} profile")}");

    /// <summary>The controlplane in stacks/ (the first, if there are several).</summary>
    public static string Controlplane => First(StackRole.Controlplane);

    /// <summary>The stack ids of the environments a controlplane lists (in its order), where their stack files are.</summary>
    public static IEnumerable<string> EnvironmentsOf(string controlplane) =>
        SettingsOf(controlplane).Get(SettingsCatalog.Environments).Items.Select(name =>
            IsSynthetic(controlplane) && name == SyntheticStacks.Environment ? SyntheticStacks.Prefix + name : name);

    public static bool IsSynthetic(string id) => id.StartsWith(SyntheticStacks.Prefix, StringComparison.Ordinal);

    /// <summary>The Pulumi stack name of a stack id.</summary>
    public static string NameOf(string id) => IsSynthetic(id) ? id[SyntheticStacks.Prefix.Length..] : id;

    /// <summary>The project root whose stacks/ holds the stack.</summary>
    public static string RootOf(string id) => IsSynthetic(id) ? SyntheticStacks.Root : Repo.Root;

    public static StackRole RoleOf(string id) => SettingsOf(id).Role;

    public static Profile ProfileOf(string id) => SettingsOf(id).Profile;

    /// <summary>The stack compiled from its stack file with its project's charts-values/.</summary>
    public static CompiledStack Compile(string id)
    {
        lock (Gate)
        {
            if (!Cache.TryGetValue(id, out var compiled))
            {
                compiled = StackCompiler.Compile(StackFileReader.Read(RootOf(id), NameOf(id)), RootOf(id), fromStackFile: true);
                Cache[id] = compiled;
            }

            return compiled;
        }
    }

    /// <summary>
    /// The stack compiled from the config Pulumi would pass (<c>PULUMI_CONFIG</c>: the stack file's values,
    /// placeholder secrets), with <paramref name="overrides"/> replacing or adding keys.
    /// </summary>
    public static CompiledStack CompileWith(string id, IReadOnlyDictionary<string, string> overrides)
    {
        var values = StackConfigJson.Values(id);
        // A replaced on-call model drops the stack file's teams (they name its escalation policies), unless given too.
        if (overrides.ContainsKey(SettingsCatalog.OnCall.Key) && !overrides.ContainsKey(SettingsCatalog.Teams.Key))
        {
            values.Remove(SettingsCatalog.Teams.Key);
        }

        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        return StackCompiler.Compile(PulumiConfigReader.Read(NameOf(id), System.Text.Json.JsonSerializer.Serialize(values)), RootOf(id), fromStackFile: false);
    }

    public static TheoryData<string> Data(IEnumerable<string> ids)
    {
        var data = new TheoryData<string>();
        foreach (var id in ids)
        {
            data.Add(id);
        }

        return data;
    }

    /// <summary>The stack's settings, read from its stack file without building the platform (cheap: theory data uses it).</summary>
    public static StackSettings SettingsOf(string id) => SettingsBinder.Bind(StackFileReader.Read(RootOf(id), NameOf(id)), secretsMustBeEncrypted: true);
}
