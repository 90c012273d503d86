using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Metrics;

/// <summary>Metrics wiring in the resource graph: monitors, federation jobs, outputs, dashboards.</summary>
public sealed partial class MetricsGraphTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Environments() => Stacks.Data(StackRole.Environment);

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    public static TheoryData<string> ProductionStacks() => Stacks.Data(null, Profile.Production);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryPlatformComponentIsMonitoredByThisClustersPrometheus(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var monitors = compiled.Graph.Resources
            .Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
            .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>())
            .Where(o => o["kind"] is StringValue { Text: "PodMonitor" or "ServiceMonitor" })
            .Select(o => ((StringValue)o.At("metadata.name")!).Text)
            .ToHashSet();
        Assert.Contains("kafka-brokers", monitors);
        Assert.Contains("kafka-exporter", monitors);
        Assert.Contains(StrimziOperatorMonitor.Name, monitors);

        // Charts that create their own ServiceMonitor have it switched on.
        var kps = GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName);
        Assert.Null(kps.At("alertmanager.serviceMonitor.selfMonitor")); // chart default true, not turned off
        Assert.Equal(new BoolValue(true), GraphTests.ChartValues(compiled, FluentBit.ReleaseName).At("serviceMonitor.enabled"));
        Assert.Equal(new BoolValue(true), GraphTests.ChartValues(compiled, NodeExporter.ReleaseName).At("prometheus.monitor.enabled"));
        if (compiled.Settings.Role == StackRole.Controlplane)
        {
            Assert.Contains(Logstash.Name, monitors);
            Assert.Equal(new BoolValue(true), GraphTests.ChartValues(compiled, "elasticsearch-exporter").At("serviceMonitor.enabled"));
            Assert.Equal(new BoolValue(true), GraphTests.ChartValues(compiled, Grafana.ReleaseName).At("serviceMonitor.enabled"));
        }

        // Prometheus picks up monitors and rules from every namespace, not only the chart's release label.
        foreach (var key in new[] { "serviceMonitorSelectorNilUsesHelmValues", "podMonitorSelectorNilUsesHelmValues", "ruleSelectorNilUsesHelmValues" })
        {
            Assert.Equal(new BoolValue(false), kps.At($"prometheus.prometheusSpec.{key}"));
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheControlplaneHasOneFederationJobPerListedEnvironment(string controlplane)
    {
        var compiled = Stacks.Compile(controlplane);
        var environments = compiled.Settings.Get(SettingsCatalog.Environments).Items;
        var jobs = ((ListValue)GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName).At("prometheus.prometheusSpec.additionalScrapeConfigs")!).Items.Cast<ObjectValue>().ToList();
        Assert.Equal(environments.Select(e => $"{Federation.JobPrefix}{e}").Order(StringComparer.Ordinal), jobs.Select(j => ((StringValue)j["job_name"]!).Text));
        foreach (var job in jobs)
        {
            var stack = ((StringValue)job["job_name"]!).Text[Federation.JobPrefix.Length..];
            Assert.Equal(new BoolValue(true), job["honor_labels"]);
            Assert.Equal(new StringValue("https"), job["scheme"]);
            Assert.Equal(ListValue.Strings(Federation.Match), job.At("params.match[]"), ValueComparer.Instance);
            Assert.Equal(new StringValue(Federation.PasswordFile(stack)), job.At("basic_auth.password_file"));
            // The federate user, which the gateway lets read /federate only.
            Assert.Equal($"outputs.{EnvironmentOutputs.FederationUsername}", Assert.IsType<ReferenceValue>(job.At("basic_auth.username")).Path);
            var target = (ReferenceValue)((ListValue)((ObjectValue)((ListValue)job["static_configs"]!).Items[0])["targets"]!).Items[0];
            Assert.Equal($"environment-{stack}", target.Target.Name);
            Assert.Equal($"outputs.{EnvironmentOutputs.FederationTarget}", target.Path);
        }

        // The passwords come from the environments' secret outputs into a mounted Secret.
        var credentials = compiled.Graph["federation-credentials-secret"];
        foreach (var environment in environments)
        {
            var password = Assert.IsType<ReferenceValue>(credentials.Properties.At($"stringData.{environment}"));
            Assert.Equal($"outputs.{EnvironmentOutputs.FederationPassword}", password.Path);
        }

        Assert.Contains(compiled.Graph.RuleGroups, g => g.Group.Name == "federation");
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void AddingAnEnvironmentToTheControlplaneConfigIsAllItTakesToFederateIt(string controlplane)
    {
        // A name no stack in stacks/ has: the environment need not exist for the controlplane to compile.
        var added = SyntheticStacks.UnusedName("zz-added");
        var environments = Stacks.SettingsOf(controlplane).Get(SettingsCatalog.Environments).Items.Append(added);
        // About federation, not capacity: the added environment's logs need not fit a controlplane sized exactly.
        var compiled = Stacks.CompileWith(controlplane, new Dictionary<string, string> { [SettingsCatalog.Environments.Key] = JsonSerializer.Serialize(environments), [SettingsCatalog.LogCapacityShortfallAcknowledged.Key] = "true" });
        Assert.Contains(compiled.Graph.Resources, r => r.Name == $"environment-{added}" && r.Type == "pulumi:pulumi:StackReference");
        var jobs = ((ListValue)GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName).At("prometheus.prometheusSpec.additionalScrapeConfigs")!).Items.Cast<ObjectValue>();
        Assert.Contains(jobs, j => j["job_name"] == new StringValue($"{Federation.JobPrefix}{added}"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void EnvironmentsExportTheirFederationEndpointWithSecretCredentials(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var outputs = compiled.Graph.Outputs.ToDictionary(o => o.Name);
        Assert.Equal(new StringValue($"{compiled.Settings.Get(SettingsCatalog.FederationHost)}:443"), outputs[EnvironmentOutputs.FederationTarget].Value);
        Assert.False(outputs[EnvironmentOutputs.FederationTarget].Secret);
        Assert.True(outputs[EnvironmentOutputs.FederationPassword].Secret);
        Assert.True(outputs[EnvironmentOutputs.FederationGrafanaPassword].Secret);
        Assert.Equal(new StringValue(FederationGateway.FederateUsername), outputs[EnvironmentOutputs.FederationUsername].Value);
        Assert.Equal(new StringValue(FederationGateway.GrafanaUsername), outputs[EnvironmentOutputs.FederationGrafanaUsername].Value);

        // The CA the controlplane must trust for this environment's endpoints (a certificate, not a secret).
        Assert.Equal(new StringValue(compiled.Settings.Get(SettingsCatalog.TlsCaCertificate)), outputs[EnvironmentOutputs.TlsCaCertificate].Value);
        Assert.False(outputs[EnvironmentOutputs.TlsCaCertificate].Secret);

        // The gateway checks the bcrypt hash of each exported generated password, each user in its own
        // file (the file the locations of that user name), and serves TLS for the exported host.
        var federatePassword = Assert.IsType<ReferenceValue>(outputs[EnvironmentOutputs.FederationPassword].Value).Target;
        var grafanaPassword = Assert.IsType<ReferenceValue>(outputs[EnvironmentOutputs.FederationGrafanaPassword].Value).Target;
        Assert.NotSame(federatePassword, grafanaPassword);
        Assert.Equal("random:index/randomPassword:RandomPassword", grafanaPassword.Type);
        var auth = compiled.Graph["federation-auth-secret"].Properties;
        foreach (var (path, user, password) in new[] { (FederationGateway.FederateHtpasswdPath, FederationGateway.FederateUsername, federatePassword), (FederationGateway.GrafanaHtpasswdPath, FederationGateway.GrafanaUsername, grafanaPassword) })
        {
            var htpasswd = Assert.IsType<InterpolatedValue>(((ObjectValue)auth["stringData"]!)[Path.GetFileName(path)]);
            Assert.Equal(new StringValue($"{user}:"), htpasswd.Parts[0]);
            var hash = Assert.Single(htpasswd.Parts.OfType<ReferenceValue>());
            Assert.Same(password, hash.Target);
            Assert.Equal("bcryptHash", hash.Path);
        }

        var certificate = (ObjectValue)((ListValue)compiled.Graph["federation-certificate"].Properties["objs"]!).Items.Single();
        Assert.Equal(ListValue.Of(compiled.Settings.Get(SettingsCatalog.FederationHost)), certificate.At("spec.dnsNames"), ValueComparer.Instance);
        Assert.Equal(new StringValue("LoadBalancer"), compiled.Graph["federation-gateway-service"].Properties.At("spec.type"));
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheElasticsearchExportersClusterLabelCannotShadowTheKubernetesClusterLabel(string controlplane)
    {
        // The exporter names the Elasticsearch cluster 'cluster'; left alone it would replace the
        // external label on federated series and alerts. The rules group by es_cluster instead.
        var compiled = Stacks.Compile(controlplane);
        var relabelings = (ListValue)GraphTests.ChartValues(compiled, "elasticsearch-exporter").At("serviceMonitor.metricRelabelings")!;
        var rename = relabelings.Items.Cast<ObjectValue>().ToList();
        Assert.Equal(ListValue.Of("cluster"), rename[0]["sourceLabels"], ValueComparer.Instance);
        Assert.Equal(new StringValue("es_cluster"), rename[0]["targetLabel"]);
        Assert.Equal(new StringValue("labeldrop"), rename[1]["action"]);
        Assert.Equal(new StringValue("cluster"), rename[1]["regex"]);
        var expressions = compiled.Graph.RuleGroups.Single(g => g.Group.Name == "elasticsearch").Group.Alerts.Select(a => a.Expr);
        Assert.DoesNotContain(expressions, e => Regex.IsMatch(e, @"by \([^)]*\bcluster\b"));
    }

    [Theory]
    [MemberData(nameof(ProductionStacks))]
    public void ProductionPrometheusIsHighlyAvailablePersistentAndSized(string stack)
    {
        var values = GraphTests.ChartValues(Stacks.Compile(stack), KubePrometheus.ReleaseName);
        Assert.True(((NumberValue)values.At("prometheus.prometheusSpec.replicas")!).Number >= 2);
        Assert.NotNull(values.At("prometheus.prometheusSpec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage"));
        foreach (var path in new[] { "prometheus.prometheusSpec.resources", "alertmanager.alertmanagerSpec.resources", "prometheusOperator.resources", "kube-state-metrics.resources", "prometheusOperator.prometheusConfigReloader.resources" })
        {
            Assert.NotNull(values.At($"{path}.requests.cpu"));
            Assert.NotNull(values.At($"{path}.requests.memory"));
            Assert.NotNull(values.At($"{path}.limits.memory"));
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void DashboardsAreOneConfigMapEachUnderOneMebibyteAndFederatedOnesQueryOnlyRecordedOrFederatedSeries(string controlplane)
    {
        var compiled = Stacks.Compile(controlplane);
        var recorded = Stacks.All.SelectMany(s => Stacks.Compile(s).Graph.RuleGroups).SelectMany(g => g.Group.Recordings).Select(r => r.Record).ToHashSet();
        var builtIn = new HashSet<string> { "up", "ALERTS", "scrape_duration_seconds", "scrape_samples_scraped" };
        Assert.NotEmpty(compiled.Contributions.Dashboards);
        foreach (var dashboard in compiled.Contributions.Dashboards)
        {
            var configMap = compiled.Graph[$"dashboard-{dashboard.Uid}"];
            Assert.Equal(new StringValue("1"), configMap.Properties.At("metadata.labels.grafana_dashboard"));
            var json = ((StringValue)((ObjectValue)configMap.Properties["data"]!)[$"{dashboard.Uid}.json"]!).Text;
            Assert.True(System.Text.Encoding.UTF8.GetByteCount(json) < 1024 * 1024, $"{dashboard.Uid} is too large");
            using var parsed = JsonDocument.Parse(json);
            Assert.Equal(dashboard.Uid, parsed.RootElement.GetProperty("uid").GetString());
            // Federated dashboards only: the per-environment and controlplane ones read raw series where they are scraped.
            foreach (var panel in dashboard.Source == DashboardSource.Federated ? dashboard.Panels : [])
            {
                foreach (Match metric in MetricName().Matches(panel.Expr))
                {
                    var name = metric.Groups[1].Value;
                    Assert.True(recorded.Contains(name) || builtIn.Contains(name), $"{dashboard.Uid} / {panel.Title} queries '{name}', which no recording rule produces and federation does not carry");
                }
            }
        }
    }

    // Metric names in the dashboards' PromQL: a name followed by '{' (all panels filter by label).
    [GeneratedRegex("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{")]
    private static partial Regex MetricName();
}
