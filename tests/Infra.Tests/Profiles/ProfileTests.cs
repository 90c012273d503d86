using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Profiles;

/// <summary>
/// A profile is one file of defaults (infra/Profiles/&lt;name&gt;.yaml): the compiler's own are complete, a
/// third one is a single new file that stacks can name, and a broken file is refused naming the file, key and fix.
/// </summary>
public sealed class ProfileTests
{
    private static readonly string Folder = Path.Combine(Repo.Root, "infra", "Profiles");

    /// <summary>The repository's profile files, as (repository path, text).</summary>
    private static List<(string Path, string Text)> RepositoryFiles() =>
        [.. Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal).Select(f => ($"{ProfileCatalog.Folder}/{Path.GetFileName(f)}", File.ReadAllText(f)))];

    private static string DefaultProfileText => File.ReadAllText(Path.Combine(Folder, $"{ProfileCatalog.DefaultName}.yaml"));

    /// <summary>A stack of only the keys it must set, naming a profile.</summary>
    private static RawStackConfig StackNaming(string profile, string stack = "scratch") => new(stack, $"stacks/Pulumi.{stack}.yaml", new Dictionary<string, RawConfigValue>
    {
        [SettingsCatalog.ProfileName.Key] = RawConfigValue.OfScalar(profile),
        [SettingsCatalog.KubeContext.Key] = RawConfigValue.OfScalar($"{stack}-cluster"),
        [SettingsCatalog.KafkaExternalHost.Key] = RawConfigValue.OfScalar($"kafka.{stack}.example.com"),
        [SettingsCatalog.FederationHost.Key] = RawConfigValue.OfScalar($"prometheus.{stack}.example.com"),
    });

    private static CompilationException BindFails(ProfileCatalog profiles, string profile) =>
        Assert.Throws<CompilationException>(() => SettingsBinder.Bind(StackNaming(profile), secretsMustBeEncrypted: true, profiles));

    /// <summary>The line of a key in a section of a profile text, e.g. "  prometheusReplicas: 2" (the comment dropped).</summary>
    private static string LineOf(string text, string key) =>
        text.Split('\n').Select(l => l.Split("  #")[0].TrimEnd()).First(l => l.StartsWith($"  {key}: ", StringComparison.Ordinal));

    [Fact]
    public void TheCompilersProfilesAreTheRepositorysFilesAndComplete()
    {
        var builtIn = ProfileCatalog.BuiltIn;
        Assert.Empty(builtIn.Problems);

        // Every file of infra/Profiles is embedded (the project's glob), and nothing else.
        Assert.Equal(RepositoryFiles().Select(f => f.Path).Order(StringComparer.Ordinal), builtIn.Profiles.Select(p => p.Source).Order(StringComparer.Ordinal));
        Assert.Equal(ProfileCatalog.DefaultName, builtIn.Profiles[0].Name);
        foreach (var profile in builtIn.Profiles)
        {
            foreach (var setting in SettingsCatalog.All.Where(s => s.FromProfile))
            {
                Assert.NotNull(setting.DefaultFor(new DefaultContext("x", StackRole.Controlplane, profile)));
            }
        }
    }

    [Fact]
    public void TheDocumentedDefaultsAndTheAllowedProfilesComeFromTheFiles()
    {
        var names = ProfileCatalog.BuiltIn.Names.ToList();
        Assert.Equal($"one of {string.Join(", ", names)}", SettingsCatalog.ProfileName.TypeName);
        foreach (var profile in ProfileCatalog.BuiltIn.Profiles)
        {
            Assert.Contains($"'{profile.Name}' ({profile.Description})", SettingsCatalog.ProfileName.Description, StringComparison.Ordinal);
        }

        var reference = Cli.ConfigReference.Markdown();
        Assert.Contains($"| threshold | {string.Join(" | ", names)} | allowed |", reference, StringComparison.Ordinal);
        var perProfile = SettingsCatalog.All.Where(s => s.FromProfile).ToList();
        Assert.NotEmpty(perProfile);
        foreach (var setting in perProfile)
        {
            var context = new DefaultContext("x", StackRole.Controlplane, ProfileCatalog.BuiltIn.Default);
            Assert.Equal(
                string.Join(", ", ProfileCatalog.BuiltIn.Profiles.Select(p => $"{p.Name}: {Text(setting.DefaultFor(context with { Profile = p }))}")),
                setting.DescribeDefault());
        }
    }

    private static string Text(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "null",
    };

    [Fact]
    public void AThirdProfileIsOneFileThatAStackNamesAndGetsTheDefaultsOf()
    {
        // staging: the default profile's file with other values, one of each kind (a setting, a threshold, a workload size).
        var replicas = SettingsCatalog.PrometheusReplicas;
        var baseReplicas = (int)replicas.DefaultFor(new DefaultContext("x", StackRole.Environment, ProfileCatalog.BuiltIn.Default))!;
        var stagingReplicas = baseReplicas == 1 ? 2 : 1;
        var cpuThreshold = Thresholds.NodeCpuHighPercent;
        var stagingCpu = ProfileCatalog.BuiltIn.Default.Threshold(cpuThreshold) == 77 ? 78 : 77;
        var gatewayCpu = ProfileCatalog.BuiltIn.Default.Size(WorkloadDefault.FederationGatewayCpu) == "75m" ? "80m" : "75m";
        var text = DefaultProfileText;
        text = text.Replace(LineOf(text, replicas.Name), $"  {replicas.Name}: {stagingReplicas}", StringComparison.Ordinal)
            .Replace(LineOf(text, cpuThreshold.Name), $"  {cpuThreshold.Name}: {stagingCpu}", StringComparison.Ordinal)
            .Replace(LineOf(text, WorkloadDefault.FederationGatewayCpu.Key), $"  {WorkloadDefault.FederationGatewayCpu.Key}: {gatewayCpu}", StringComparison.Ordinal);
        text = text.Replace(text.Split('\n').First(l => l.StartsWith("description: ", StringComparison.Ordinal)), "description: a production copy for release candidates", StringComparison.Ordinal);
        var profiles = ProfileCatalog.From([.. RepositoryFiles(), ($"{ProfileCatalog.Folder}/staging.yaml", text)]);
        Assert.Empty(profiles.Problems);
        Assert.Contains("staging", profiles.Names);

        // It binds: every per-profile default is the file's.
        var raw = StackNaming("staging");
        var settings = SettingsBinder.Bind(raw, secretsMustBeEncrypted: true, profiles);
        Assert.Equal("staging", settings.Profile.Name);
        Assert.Equal("staging", settings.Get(SettingsCatalog.ProfileName));
        Assert.Equal(stagingReplicas, settings.Get(replicas));
        var perProfile = SettingsCatalog.All.Where(s => s.FromProfile && s.Scope != SettingScope.ControlplaneOnly).ToList();
        Assert.NotEmpty(perProfile);
        foreach (var setting in perProfile)
        {
            // As the file writes it: the value the stack gets is the staging file's line.
            Assert.Equal(LineOf(text, setting.Name), $"  {setting.Name}: {Text(setting.DefaultFor(new DefaultContext(raw.Stack, settings.Role, settings.Profile)))}");
        }

        Assert.Equal(stagingCpu, settings.Get(SettingsCatalog.AlertThresholdValues).Get(cpuThreshold, settings.Profile));

        // It compiles, and the program carries the file's values: replicas, the threshold in the rules, the workload size.
        var compiled = StackCompiler.Compile(raw, Repo.Root, fromStackFile: true, profiles: profiles);
        Assert.Contains("staging profile", compiled.Graph.Description, StringComparison.Ordinal);
        Assert.Contains(compiled.Graph.RuleGroups.SelectMany(g => g.Group.Alerts), a => a.Expr.EndsWith($"> {stagingCpu}", StringComparison.Ordinal));
        var gateway = compiled.Graph.Resources.Single(r => r.Name == "federation-gateway");
        Assert.Contains(Descendants(gateway.Properties).OfType<ObjectValue>(), o => o["requests"] is ObjectValue requests && requests["cpu"] == new StringValue(gatewayCpu));

        // The same stack without the file is refused, naming the files there are.
        var unknown = Assert.Throws<CompilationException>(() => SettingsBinder.Bind(raw, secretsMustBeEncrypted: true));
        Assert.Contains($"{SettingsCatalog.ProfileName.Key} must be one of {string.Join(", ", ProfileCatalog.BuiltIn.Names)}, got 'staging'", unknown.Message, StringComparison.Ordinal);
        Assert.All(ProfileCatalog.BuiltIn.Profiles, p => Assert.Contains(p.Source, unknown.Message, StringComparison.Ordinal));
        Assert.Contains($"{ProfileCatalog.Folder}/staging.yaml", unknown.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Value> Descendants(Value value) => [value, .. value.Children.SelectMany(Descendants)];

    public static TheoryData<string, string, string[]> BrokenFiles()
    {
        var text = DefaultProfileText;
        var replicas = LineOf(text, SettingsCatalog.PrometheusReplicas.Name);
        var retention = LineOf(text, SettingsCatalog.PrometheusRetention.Name);
        var threshold = LineOf(text, Thresholds.NodeCpuHighPercent.Name);
        var workload = LineOf(text, WorkloadDefault.KibanaCpu.Key);
        return new()
        {
            { "a setting missing", text.Replace(replicas + "\n", string.Empty, StringComparison.Ordinal), ["settings.prometheusReplicas is missing", "fix: add 'prometheusReplicas: "] },
            { "a setting's bad value", text.Replace(retention, "  prometheusRetention: forever", StringComparison.Ordinal), ["settings.prometheusRetention (line ", "must be a duration", "got 'forever'", "fix: set it to duration"] },
            { "a count out of range", text.Replace(replicas, "  prometheusReplicas: 0", StringComparison.Ordinal), ["settings.prometheusReplicas (line ", "must be between 1 and 10", "fix:"] },
            { "a misspelt setting", text.Replace(replicas, "  prometheusReplica: 2", StringComparison.Ordinal), ["settings.prometheusReplica (line ", "did you mean 'prometheusReplicas'", "settings.prometheusReplicas is missing"] },
            { "a setting that is the same for every profile", text.Replace(replicas, replicas + "\n  storageClass: gp3", StringComparison.Ordinal), ["settings.storageClass (line ", "fix: remove the line"] },
            { "a threshold missing", text.Replace(threshold + "\n", string.Empty, StringComparison.Ordinal), ["thresholds.nodeCpuHighPercent is missing", "fix: add 'nodeCpuHighPercent: <number from 1 to 100>'"] },
            { "a threshold out of range", text.Replace(threshold, "  nodeCpuHighPercent: 150", StringComparison.Ordinal), ["thresholds.nodeCpuHighPercent (line ", "must be a number from 1 to 100", "got '150'", "fix:"] },
            { "a workload size that is no quantity", text.Replace(workload, "  kibanaCpu: lots", StringComparison.Ordinal), ["workloads.kibanaCpu (line ", "got 'lots'", "fix: set it to a value such as"] },
            { "a section missing", text[..text.IndexOf("workloads:", StringComparison.Ordinal)], ["workloads is missing", "fix: add it"] },
            { "a chart's values that are no mapping", text[..text.IndexOf("chartValues:", StringComparison.Ordinal)] + "chartValues:\n  grafana: 3\n", ["chartValues.grafana (line ", "must be a mapping of Helm values"] },
            { "an unknown section", text + "extras:\n  a: 1\n", ["'extras' (line ", "is not a section of a profile"] },
            { "a key set twice", text.Replace(replicas, replicas + "\n" + replicas, StringComparison.Ordinal), ["sets a key a second time", "keep one of the two lines"] },
            { "not YAML", "settings: [unclosed\n", ["is not valid YAML (line "] },
        };
    }

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void ABrokenProfileFileNamesTheFileTheKeyAndTheFix(string @case, string text, string[] expected)
    {
        var path = $"{ProfileCatalog.Folder}/staging.yaml";
        var profiles = ProfileCatalog.From([.. RepositoryFiles(), (path, text)]);

        // Every compile stops, not only the stacks of that profile: a broken file is found before it is used.
        var failure = BindFails(profiles, ProfileCatalog.DefaultName);
        Assert.All(failure.Problems, p => Assert.StartsWith(path, p, StringComparison.Ordinal));
        foreach (var part in expected)
        {
            Assert.True(failure.Message.Contains(part, StringComparison.Ordinal), $"{@case}: expected '{part}' in:\n{failure.Message}");
        }

        Assert.DoesNotContain(" at Infra.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AProfileFileNamedAfterNoValidNameOrWithoutTheDefaultProfileIsRefused()
    {
        var badName = ProfileCatalog.From([.. RepositoryFiles(), ($"{ProfileCatalog.Folder}/Staging.yaml", DefaultProfileText)]);
        Assert.Contains(badName.Problems, p => p.Contains("Staging.yaml", StringComparison.Ordinal) && p.Contains("rename the file", StringComparison.Ordinal));

        var noDefault = ProfileCatalog.From(RepositoryFiles().Where(f => !f.Path.EndsWith($"/{ProfileCatalog.DefaultName}.yaml", StringComparison.Ordinal)));
        Assert.Contains(noDefault.Problems, p => p.Contains($"{ProfileCatalog.DefaultName}.yaml is missing", StringComparison.Ordinal));
    }

    /// <summary>Each Helm release's values of a stack naming the profile, by release name.</summary>
    private static Dictionary<string, Value> ChartValuesOf(ProfileCatalog profiles, string profile) =>
        StackCompiler.Compile(StackNaming(profile), Repo.Root, fromStackFile: true, profiles: profiles).Graph.Resources
            .Where(r => r.Type == "kubernetes:helm.sh/v4:Chart")
            .ToDictionary(r => r.Name, r => r.Properties["values"]!, StringComparer.Ordinal);

    [Fact]
    public void ACopyOfEveryProfileRendersTheChartValuesOfItsOriginal()
    {
        // A third profile is one file: a copy of a profile's file gives its stacks the original's Helm values,
        // Prometheus' size included, never the default's (nothing is chosen elsewhere by the profile's name).
        var originals = ProfileCatalog.BuiltIn.Profiles;
        var copies = originals.Select(p => (Path: $"{ProfileCatalog.Folder}/copy-of-{p.Name}.yaml", Text: File.ReadAllText(Path.Combine(Folder, $"{p.Name}.yaml")))).ToList();
        var profiles = ProfileCatalog.From([.. RepositoryFiles(), .. copies]);
        Assert.Empty(profiles.Problems);
        var defaults = ChartValuesOf(profiles, ProfileCatalog.DefaultName);
        var differFromTheDefault = 0;
        foreach (var original in originals)
        {
            var expected = ChartValuesOf(profiles, original.Name);
            var copy = ChartValuesOf(profiles, $"copy-of-{original.Name}");
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), copy.Keys.Order(StringComparer.Ordinal));
            foreach (var (release, values) in expected)
            {
                Assert.True(Components.ChartValuesMerger.SameValue(values, copy[release]), $"copy-of-{original.Name}: the values of release {release} differ from {original.Name}'s");
            }

            differFromTheDefault += expected.Any(e => !Components.ChartValuesMerger.SameValue(e.Value, defaults[e.Key])) ? 1 : 0;
        }

        // Not vacuous: with more than one profile, some renders other values than the default (a fallback would show).
        Assert.True(originals.Count < 2 || differFromTheDefault > 0, "every profile renders the default profile's chart values");
    }

    [Fact]
    public void AProfilesChartValuesGoOnTopOfValuesYamlAndNameADeployedChart()
    {
        // Every stack of a profile gets its chartValues, above values.yaml: a copy of the default profile whose
        // Prometheus is smaller renders that size; a chart the program does not deploy is refused, named.
        var text = DefaultProfileText;
        var withValues = text[..text.IndexOf("chartValues:", StringComparison.Ordinal)]
            + "chartValues:\n  kube-prometheus-stack:\n    prometheus:\n      prometheusSpec:\n        resources:\n          requests: {cpu: 123m}\n";
        var profiles = ProfileCatalog.From([.. RepositoryFiles(), ($"{ProfileCatalog.Folder}/small.yaml", withValues)]);
        Assert.Empty(profiles.Problems);
        var values = ChartValuesOf(profiles, "small").Values.OfType<ObjectValue>().Select(v => v.At("prometheus.prometheusSpec.resources.requests.cpu")).OfType<StringValue>();
        Assert.Contains(new StringValue("123m"), values);

        var typo = ProfileCatalog.From([.. RepositoryFiles(), ($"{ProfileCatalog.Folder}/small.yaml", withValues.Replace("  kube-prometheus-stack:", "  kube-prometheus:", StringComparison.Ordinal))]);
        var refused = Assert.Throws<CompilationException>(() => StackCompiler.Compile(StackNaming("small"), Repo.Root, fromStackFile: true, profiles: typo));
        Assert.Contains($"{ProfileCatalog.Folder}/small.yaml: chartValues.kube-prometheus is not a chart the program deploys", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AChartValuesFolderPerProfileIsRefusedPointingAtTheProfileFile()
    {
        // The old place of per-profile Helm values (charts-values/<chart>/profiles/) is read by no stack: a file
        // there would be ignored silently, so it stops the compile and says where the values go.
        var root = Path.Combine(Path.GetTempPath(), $"profiles-folder-{Guid.NewGuid():N}");
        try
        {
            ProjectCopy.Create(root);
            var chart = Components.Products.Charts[0].Name;
            Directory.CreateDirectory(Path.Combine(root, "charts-values", chart, "profiles"));
            File.WriteAllText(Path.Combine(root, "charts-values", chart, "profiles", $"{ProfileCatalog.DefaultName}.yaml"), "{}\n");
            var source = new Components.ChartValuesSource(root);
            Assert.Contains(source.StrayFiles("scratch", Components.Products.Charts.Select(c => c.Name)),
                p => p.Contains($"charts-values/{chart}/profiles/ is read by no stack", StringComparison.Ordinal) && p.Contains($"under chartValues.{chart}; move them there", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
