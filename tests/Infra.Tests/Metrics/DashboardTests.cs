using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Conformance;
using Infra.Tests.Support;
using ChartDefaults = Infra.Tests.Conformance.ChartDefaults;

namespace Infra.Tests.Metrics;

/// <summary>
/// The controlplane Grafana's dashboards: how many are provisioned (ours and kube-prometheus-stack's),
/// every panel query of ours parses with the real PromQL parser, every datasource and variable a panel
/// uses exists, and the per-environment datasources reach their passwords through files only.
/// </summary>
public sealed partial class DashboardTests
{
    /// <summary>The issue asks for at least this many dashboards on the controlplane.</summary>
    private const int MinimumDashboards = 30;

    /// <summary>The chart version <see cref="ChartDashboardGates"/> was read from.</summary>
    private const string ChartVersion = "88.5.3";

    /// <summary>
    /// kube-prometheus-stack 88.5.3, templates/grafana/dashboards-1.14/ (36 files, read at tag
    /// kube-prometheus-stack-88.5.3 of prometheus-community/helm-charts): each file's condition besides
    /// <c>(or grafana.enabled grafana.forceDeployDashboards)</c>, <c>grafana.defaultDashboardsEnabled</c>
    /// and the Kubernetes version range, as the values that must all be true ("a|b": either).
    /// </summary>
    private static readonly (string Template, string[] Gates)[] ChartDashboardGates =
    [
        ("alertmanager-overview", ["alertmanager.enabled|alertmanager.forceDeployDashboards"]),
        ("apiserver", ["kubeApiServer.enabled"]),
        ("cluster-total", []),
        ("controller-manager", ["kubeControllerManager.enabled"]),
        ("etcd", ["kubeEtcd.enabled"]),
        ("grafana-overview", []),
        ("k8s-coredns", ["coreDns.enabled"]),
        ("k8s-resources-cluster", []),
        ("k8s-resources-multicluster", []),
        ("k8s-resources-namespace", []),
        ("k8s-resources-node", []),
        ("k8s-resources-nodes-overview", []),
        ("k8s-resources-pod", []),
        ("k8s-resources-windows-cluster", ["windowsMonitoring.enabled"]),
        ("k8s-resources-windows-namespace", ["windowsMonitoring.enabled"]),
        ("k8s-resources-windows-pod", ["windowsMonitoring.enabled"]),
        ("k8s-resources-workload", []),
        ("k8s-resources-workloads-namespace", []),
        ("k8s-windows-cluster-rsrc-use", ["windowsMonitoring.enabled"]),
        ("k8s-windows-node-rsrc-use", ["windowsMonitoring.enabled"]),
        ("kubelet", ["kubelet.enabled"]),
        ("namespace-by-pod", []),
        ("namespace-by-workload", []),
        ("node-cluster-rsrc-use", ["nodeExporter.enabled|nodeExporter.forceDeployDashboards"]),
        ("node-rsrc-use", ["nodeExporter.enabled|nodeExporter.forceDeployDashboards"]),
        ("nodes-aix", ["nodeExporter.enabled|nodeExporter.forceDeployDashboards", "nodeExporter.operatingSystems.aix.enabled"]),
        ("nodes-darwin", ["nodeExporter.enabled|nodeExporter.forceDeployDashboards", "nodeExporter.operatingSystems.darwin.enabled"]),
        ("nodes", ["nodeExporter.enabled|nodeExporter.forceDeployDashboards", "nodeExporter.operatingSystems.linux.enabled"]),
        ("persistentvolumesusage", []),
        ("pod-total", []),
        ("prometheus-remote-write", ["prometheus.prometheusSpec.remoteWriteDashboards"]),
        ("prometheus", []),
        ("proxy", ["kubeProxy.enabled"]),
        ("scheduler", ["kubeScheduler.enabled"]),
        ("workload-total", []),
    ];

    /// <summary>Grafana's own variables, which need no definition in the dashboard.</summary>
    private static readonly HashSet<string> GrafanaVariables = new(StringComparer.Ordinal) { "__rate_interval", "__interval", "__range", "__range_s" };

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [SharedTheory]
    [MemberData(nameof(Controlplanes))]
    public void TheControlplaneProvisionsAtLeastThirtyDashboardsForTheSidecarItRuns(string stack)
    {
        var compiled = Stacks.Compile(stack);
        Assert.True(Pins.KubePrometheusStack.Version == ChartVersion,
            $"kube-prometheus-stack is now {Pins.KubePrometheusStack.Version}: read its templates/grafana/dashboards-1.14 again and update {nameof(ChartDashboardGates)}");
        var defaults = Assert.IsType<ChartDefaults>(ChartDefaults.Find(Pins.KubePrometheusStack.Name, ChartVersion));
        var values = GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName);
        bool Flag(string path) => (values.At(path) ?? defaults.At(path)) is BoolValue { Flag: true };
        bool Holds(string gate) => gate.Split('|').Any(Flag);

        // The chart renders its dashboards only with these, and labels them with its sidecar settings.
        Assert.True(Holds("grafana.enabled|grafana.forceDeployDashboards"), "the chart renders no dashboard ConfigMap");
        Assert.True(Flag("grafana.defaultDashboardsEnabled"));
        var grafana = GraphTests.ChartValues(compiled, Grafana.ReleaseName);
        foreach (var key in new[] { "label", "labelValue" })
        {
            Assert.Equal(grafana.At($"sidecar.dashboards.{key}"), values.At($"grafana.sidecar.dashboards.{key}") ?? defaults.At($"grafana.sidecar.dashboards.{key}"));
        }

        var chart = ChartDashboardGates.Where(d => d.Gates.All(Holds)).Select(d => d.Template).ToList();
        var labelled = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:ConfigMap"
            && ((ObjectValue)r.Properties["metadata"]!).At("labels") is ObjectValue labels && labels[Grafana.DashboardLabel] == new StringValue(Grafana.DashboardLabelValue)).ToList();
        var ours = labelled.Count;
        Assert.Equal(compiled.Contributions.Dashboards.Count, ours);

        // The sidecar searches only listed namespaces: ours, and the one the chart puts its dashboards in
        // (grafana.namespaceOverride, else its release namespace).
        var searched = ((ListValue)grafana.At("sidecar.dashboards.searchNamespace")!).Items.Select(i => ((StringValue)i).Text).ToList();
        var chartNamespace = (values.At("grafana.namespaceOverride") as StringValue)?.Text is { Length: > 0 } overridden
            ? overridden
            : NamespaceOf(compiled.Graph[$"{KubePrometheus.ReleaseName}-chart"].Properties["namespace"]!);
        Assert.Contains(chartNamespace, searched);
        Assert.All(labelled, r => Assert.Contains(NamespaceOf(r.Properties.At("metadata.namespace")!), searched));
        Assert.True(chart.Count + ours >= MinimumDashboards, $"{chart.Count} of the chart's ({string.Join(", ", chart)}) and {ours} of ours");
    }

    [ToolFact("promtool", "prometheus")]
    public void EveryPanelQueryOfOurDashboardsParsesWithPromtool()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"infra-dashboards-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            // Each query becomes a recording rule, with Grafana's variables as the values they take.
            var rules = new StringBuilder("groups:\n");
            foreach (var dashboard in Models(Stacks.Compile(Stacks.Controlplane)))
            {
                rules.Append(CultureInfo($"  - name: {dashboard.Uid}\n    rules:\n"));
                var index = 0;
                foreach (var expr in Targets(dashboard.Model).Select(t => t.GetProperty("expr").GetString()!))
                {
                    var query = expr.Replace("$__rate_interval", "5m", StringComparison.Ordinal).Replace("$environment", ".*", StringComparison.Ordinal);
                    Assert.DoesNotContain("$", query, StringComparison.Ordinal);
                    rules.Append(CultureInfo($"      - record: dashboard:panel_{index++}:query\n        expr: {JsonSerializer.Serialize(query)}\n"));
                }

                Assert.True(index > 0, $"{dashboard.Uid} has no query");
            }

            var file = Path.Combine(directory, "dashboards.yaml");
            File.WriteAllText(file, rules.ToString());
            var (code, output) = Tools.Run("promtool", "check", "rules", file);
            Assert.True(code == 0, output);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryDatasourceAndVariableAPanelUsesExists(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var provisioned = Datasources(compiled).Select(d => ((StringValue)d["uid"]!).Text).ToHashSet(StringComparer.Ordinal);
        var models = Models(compiled);
        Assert.NotEmpty(models);
        foreach (var (uid, model) in models)
        {
            var variables = model.GetProperty("templating").GetProperty("list").EnumerateArray()
                .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("type").GetString()!, StringComparer.Ordinal);
            void CheckDatasource(JsonElement datasource, string where)
            {
                var reference = datasource.GetProperty("uid").GetString()!;
                if (reference.StartsWith("${", StringComparison.Ordinal))
                {
                    Assert.True(variables.GetValueOrDefault(reference[2..^1]) == "datasource", $"{uid} {where}: no datasource variable {reference}");
                }
                else
                {
                    Assert.True(provisioned.Contains(reference), $"{uid} {where}: datasource {reference} is not provisioned");
                }
            }

            foreach (var panel in model.GetProperty("panels").EnumerateArray())
            {
                CheckDatasource(panel.GetProperty("datasource"), panel.GetProperty("title").GetString()!);
            }

            foreach (var target in Targets(model))
            {
                CheckDatasource(target.GetProperty("datasource"), target.GetProperty("expr").GetString()!);
                foreach (Match used in VariableReference().Matches(target.GetProperty("expr").GetString()!))
                {
                    var name = used.Groups[1].Value;
                    Assert.True(variables.ContainsKey(name) || GrafanaVariables.Contains(name), $"{uid}: ${name} is not a variable of the dashboard");
                }
            }

            foreach (var variable in model.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.TryGetProperty("datasource", out _)))
            {
                CheckDatasource(variable.GetProperty("datasource"), $"variable {variable.GetProperty("name").GetString()}");
            }
        }

        // The datasource picker of per-environment dashboards finds one datasource per environment.
        Assert.Contains(models, m => Targets(m.Model).Any(t => t.GetProperty("datasource").GetProperty("uid").GetString() == $"${{{Dashboard.DatasourceVariable}}}"));
        foreach (var environment in compiled.Settings.Get(SettingsCatalog.Environments).Items)
        {
            Assert.Contains(Grafana.EnvironmentDatasource(environment), provisioned);
        }
    }

    /// <summary>
    /// Canary-style: the federation password (a secret stack output of each environment) flows into the
    /// Grafana Secret only; the datasource names the mounted file, and Grafana's values never carry it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EnvironmentDatasourcesReadTheirPasswordFromAMountedSecretNeverInline(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var environments = compiled.Settings.Get(SettingsCatalog.Environments).Items;
        var grafana = GraphTests.ChartValues(compiled, Grafana.ReleaseName);
        var grafanaValues = Text(grafana);
        var secret = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:Secret"
            && ((ObjectValue)r.Properties["metadata"]!)["name"] == new StringValue(Grafana.EnvironmentsSecretName));
        var secretText = Text(secret.Properties);
        var mount = ((ListValue)grafana.At("extraSecretMounts")!).Items.Cast<ObjectValue>().Single(m => m["secretName"] == new StringValue(Grafana.EnvironmentsSecretName));
        var directory = ((StringValue)mount["mountPath"]!).Text;
        foreach (var environment in environments)
        {
            // Grafana holds the gateway's grafana credential, never the federate one the controlplane Prometheus scrapes with.
            var password = $"environment-{environment}.outputs.{EnvironmentOutputs.FederationGrafanaPassword}";
            Assert.DoesNotContain(password, grafanaValues, StringComparison.Ordinal);
            Assert.Contains(password, secretText, StringComparison.Ordinal);
            Assert.DoesNotContain($"outputs.{EnvironmentOutputs.FederationPassword}", secretText, StringComparison.Ordinal);
            foreach (var uid in new[] { Grafana.EnvironmentDatasource(environment), NotificationLinks.AlertmanagerDatasource(environment) })
            {
                var user = Assert.IsType<ReferenceValue>(Datasources(compiled).Single(d => d["uid"] == new StringValue(uid))["basicAuthUser"]);
                Assert.Equal($"environment-{environment}", user.Target.Name);
                Assert.Equal($"outputs.{EnvironmentOutputs.FederationGrafanaUsername}", user.Path);
            }

            var datasource = Datasources(compiled).Single(d => d["uid"] == new StringValue(Grafana.EnvironmentDatasource(environment)));
            Assert.Equal(new StringValue($"$__file{{{directory}/{environment}-password}}"), ((ObjectValue)datasource["secureJsonData"]!)["basicAuthPassword"]);
            Assert.Equal(new StringValue($"$__file{{{directory}/{environment}-ca.crt}}"), ((ObjectValue)datasource["secureJsonData"]!)["tlsCACert"]);
            Assert.Contains($"{environment}-password:", secretText, StringComparison.Ordinal);
            Assert.Contains($"{environment}-ca.crt:", secretText, StringComparison.Ordinal);
            Assert.Contains($"environment-{environment}.outputs.{EnvironmentOutputs.FederationTarget}", Text(ObjectValue.Of(("url", datasource["url"]))), StringComparison.Ordinal);
        }

        // Nothing secret in the datasources' plain fields, whatever their key.
        foreach (var datasource in Datasources(compiled))
        {
            var plain = Text(new ObjectValue(datasource.Entries.Where(e => e.Key != "secureJsonData").ToList()));
            Assert.DoesNotContain("password", plain.Replace("basicAuthPassword", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }
    }

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariableReference();

    private static string Text(ObjectValue value) => Yaml.YamlWriter.Write(value, Yaml.YamlMode.Document);

    private static string CultureInfo(FormattableString text) => FormattableString.Invariant(text);

    private static IEnumerable<ObjectValue> Datasources(CompiledStack compiled) =>
        ((ListValue)((ObjectValue)((ObjectValue)GraphTests.ChartValues(compiled, Grafana.ReleaseName)["datasources"]!)["datasources.yaml"]!)["datasources"]!).Items.Cast<ObjectValue>();

    /// <summary>Our dashboards as provisioned: the JSON of each rendered dashboard document.</summary>
    private static List<(string Uid, JsonElement Model)> Models(CompiledStack compiled) =>
        compiled.Graph.Documents.Where(d => d.Path.StartsWith("grafana/dashboards/", StringComparison.Ordinal))
            .Select(d => (Path.GetFileNameWithoutExtension(d.Path), JsonDocument.Parse(d.Content).RootElement.Clone())).ToList();

    private static IEnumerable<JsonElement> Targets(JsonElement model) =>
        model.GetProperty("panels").EnumerateArray().SelectMany(p => p.GetProperty("targets").EnumerateArray());

    private static string NamespaceOf(Value value) => value switch
    {
        StringValue text => text.Text,
        ReferenceValue reference => ((StringValue)reference.Target.Properties.At("metadata.name")!).Text,
        _ => throw new InvalidOperationException($"unexpected namespace value {value}"),
    };
}
