using Infra.Components;
using Infra.Config;
using Infra.Emitters;
using Infra.Model;

namespace Infra;

/// <summary>
/// The pipeline every command shares: raw config → typed settings → components → resource graph →
/// checks → Pulumi YAML program. Throws <see cref="CompilationException"/> for bad input.
/// </summary>
public static class StackCompiler
{
    /// <param name="raw">The stack's config.</param>
    /// <param name="root">Project root (for charts-values/); null reads no values files.</param>
    /// <param name="fromStackFile">True when the config is a stack file (plain-text secrets are then refused).</param>
    /// <param name="requireResources">
    /// Refuse containers without CPU and memory requests and a memory limit. Only the footprint report
    /// turns it off, to show what is missing instead.
    /// </param>
    /// <param name="environmentFacts">
    /// Where a controlplane reads its environments' retention and partitions for the sizing checks; by
    /// default their stack files under <paramref name="root"/> (an environment without one gets the defaults).
    /// </param>
    /// <param name="teams">Where a cluster stack reads its teams; by default its on-call stack's file under <paramref name="root"/>.</param>
    public static CompiledStack Compile(RawStackConfig raw, string? root, bool fromStackFile, bool requireResources = true, EnvironmentFactsSource? environmentFacts = null, Components.Teams.TeamsSource? teams = null)
    {
        var settings = SettingsBinder.Bind(raw, fromStackFile);
        StackContext? context = null;
        var graph = settings.Role == StackRole.OnCall
            ? Components.OnCall.OnCallStack.Build(settings, root)
            : Platform.Build(settings, new ChartValuesSource(root), out context, environmentFacts ?? new EnvironmentFactsSource(root), teams ?? new Components.Teams.TeamsSource(root));
        var problems = GraphValidator.Validate(graph);
        if (problems.Count > 0)
        {
            // These are defects of the program, not of the input; still reported the same way.
            throw new CompilationException(problems.Select(p => $"stack '{settings.Stack}': internal check failed: {p}").ToList());
        }

        var compiled = new CompiledStack(settings, graph, context?.Contributions ?? new Contributions([], [], [], []));
        var unsized = requireResources ? ResourceRequirementCheck.Problems(compiled) : [];
        if (unsized.Count > 0)
        {
            throw new CompilationException(unsized);
        }

        return compiled;
    }

    /// <summary>
    /// Every environment a controlplane lists must be a stack of this project, so its stack file must
    /// be in <c>stacks/</c> of the same checkout (Pulumi runs the compiler there too, with
    /// <c>stackConfigDir: stacks</c>). A typo would otherwise only show as a failed StackReference at
    /// deploy time. The commands call this; the library does not, so tests may federate made-up stacks.
    /// </summary>
    public static void RequireEnvironmentStackFiles(StackSettings settings, string root)
    {
        if (settings.Role != StackRole.Controlplane)
        {
            return;
        }

        var key = SettingsCatalog.Environments.Key;
        var prefix = $"stack '{settings.Stack}' ({settings.Source})";
        var problems = new List<string>();

        // The 'environment' label tells every cluster's metrics, logs and alerts apart: one per cluster.
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [settings.Environment] = settings.Stack };
        foreach (var environment in settings.Get(SettingsCatalog.Environments).Items)
        {
            if (environment == settings.Stack)
            {
                problems.Add($"{prefix}: {key} lists '{environment}', the controlplane itself; list only environment stacks.");
                continue;
            }

            if (!File.Exists(StackFileReader.PathFor(root, environment)))
            {
                problems.Add($"{prefix}: {key} lists '{environment}', but stacks/Pulumi.{environment}.yaml does not exist; create and deploy that stack first (README, 'Adding an environment'), or remove '{environment}' from {key}.");
                continue;
            }

            // Read leniently (the environment's own compile reports its other problems): its role and its label.
            var (role, label) = IdentityOf(root, environment);
            if (role != "environment")
            {
                problems.Add($"{prefix}: {key} lists '{environment}', whose stack has {SettingsCatalog.Role.Key}: {role}; list only environment stacks (role environment), or remove '{environment}' from {key}.");
                continue;
            }

            if (labels.TryGetValue(label, out var other))
            {
                problems.Add($"{prefix}: {key} lists '{environment}', whose {SettingsCatalog.EnvironmentLabel.Key} is '{label}' like stack '{other}''s; every cluster's metrics, logs and alerts are told apart by it, so give each its own (pulumi config set {SettingsCatalog.EnvironmentLabel.Key} <name> --stack {environment}).");
                continue;
            }

            labels[label] = environment;
        }

        if (problems.Count > 0)
        {
            throw new CompilationException(problems);
        }
    }

    /// <summary>A stack file's role and environment label (<see cref="StackIdentity"/>).</summary>
    private static (string Role, string Label) IdentityOf(string root, string stack) => StackIdentity.Read(root, stack) is var identity ? (identity.Role, identity.Environment) : default;

    /// <summary>
    /// A cluster stack that pages through the on-call stack of this checkout needs a service there for its
    /// environment; otherwise the StackReference output would be missing only at deploy time. A fully
    /// qualified on-call stack (organization/project/stack) is another project's and is not checked.
    /// </summary>
    public static void RequireOnCallService(StackSettings settings, string root)
    {
        if (settings.Role == StackRole.OnCall || !settings.Get(SettingsCatalog.PagerDutyEnabled)
            || settings.Get(SettingsCatalog.PagerDutyOnCallStack) is not { Length: > 0 } onCall || onCall.Contains('/', StringComparison.Ordinal))
        {
            return;
        }

        var prefix = $"stack '{settings.Stack}' ({settings.Source})";
        var key = SettingsCatalog.PagerDutyOnCallStack.Key;
        if (!File.Exists(StackFileReader.PathFor(root, onCall)))
        {
            throw new CompilationException($"{prefix}: {key} is '{onCall}', but stacks/Pulumi.{onCall}.yaml does not exist; create the on-call stack (README, 'On call') or fix the name.");
        }

        var onCallSettings = SettingsBinder.Bind(StackFileReader.Read(root, onCall), secretsMustBeEncrypted: true);
        if (onCallSettings.Role != StackRole.OnCall)
        {
            throw new CompilationException($"{prefix}: {key} is '{onCall}', which is not an on-call stack ({SettingsCatalog.Role.Key}: oncall); name the on-call stack.");
        }

        if (!onCallSettings.Get(SettingsCatalog.OnCall).Services.Any(s => s.Environment == settings.Environment))
        {
            throw new CompilationException($"{prefix}: {SettingsCatalog.PagerDutyEnabled.Key} is true and the routing key comes from '{onCall}', but {SettingsCatalog.OnCall.Key} in stacks/Pulumi.{onCall}.yaml has no service for environment '{settings.Environment}'; add {{environment: {settings.Environment}, escalationPolicy: <policy>}} to its services (and deploy it first), or set {SettingsCatalog.PagerDutyEnabled.Key} to false.");
        }
    }

    /// <summary>The program for plugin discovery, when Pulumi runs the compiler without a stack.</summary>
    public static string CompileDiscovery() => PulumiProgramEmitter.Emit(DiscoveryProgram.Build());
}
