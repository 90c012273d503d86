using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Emitters;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Policies;

/// <summary>
/// What the security review of the rendered programs asked of the edge and of credentials (issue 21),
/// checked on every stack: the load balancer refuses Basic authentication and /metrics for Grafana's host
/// (the break-glass password only through a port-forward), an allow-list never stands for the whole
/// internet, kube-state-metrics never lists Secrets, Grafana's Elasticsearch user reads no more than
/// Kibana's readers, the dead man's switch URL never appears in a configuration, and only the pipeline
/// names the data stream a log lands in.
/// </summary>
public sealed partial class EdgeHardeningPolicyTests
{
    private const string IngressType = "kubernetes:networking.k8s.io/v1:Ingress";

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    /// <summary>Requests a browser, curl and Grafana's own clients send, and whether Grafana's host must refuse them at the edge.</summary>
    public static TheoryData<string, string?, int?> GrafanaRequests() => new()
    {
        { "/api/dashboards/uid/x", "Basic YWRtaW46cGFzc3dvcmQ=", 403 },
        { "/api/admin/users", "basic YWRtaW46cGFzc3dvcmQ=", 403 },
        { "/login", "BASIC YWRtaW46eA==", 403 },
        { "/metrics", null, 404 },
        { "/metrics/plugins/x", null, 404 },
        { "/api/health", null, null },
        { "/api/search", "Bearer glsa_0123456789abcdef", null },
        { "/login/generic_oauth", null, null },
        { "/api/metrics-like", null, null },
    };

    /// <summary>
    /// Grafana accepts HTTP Basic whenever [auth.basic] is on, login form or not; the break-glass admin must
    /// only be usable (and lockable) through a port-forward. So the Ingress of Grafana's host answers a Basic
    /// Authorization header itself, before Grafana, with either ingress class; /metrics likewise (no auth on it).
    /// </summary>
    [Theory]
    [MemberData(nameof(GrafanaRequests))]
    public void GrafanasHostRefusesBasicAuthenticationAndMetricsAtTheLoadBalancer(string path, string? authorization, int? refusedWith)
    {
        foreach (var controlplane in Stacks.AtLeastOne(StackRole.Controlplane))
        {
            foreach (var ingressClass in new[] { UserInterfaces.AlbClass, UserInterfaces.NginxClass })
            {
                var compiled = Stacks.CompileWith(controlplane, new Dictionary<string, string> { [SettingsCatalog.IngressClass.Key] = ingressClass });
                var ingress = GrafanaIngress(compiled);
                var answer = ingressClass == UserInterfaces.AlbClass ? AlbAnswer(ingress, path, authorization) : NginxAnswer(ingress, path, authorization);
                Assert.True(refusedWith == answer, $"{controlplane}, {ingressClass}: {path} with '{authorization}' answered {answer?.ToString() ?? "by Grafana"}, expected {refusedWith?.ToString() ?? "Grafana"}");

                // Break-glass stays possible through a port-forward: Basic on, password form off.
                var ini = (ObjectValue)GraphTests.ChartValues(compiled, Grafana.ReleaseName)["grafana.ini"]!;
                Assert.Equal((Value)true, ((ObjectValue)ini["auth.basic"]!)["enabled"], ValueComparer.Instance);
                Assert.Equal((Value)true, ((ObjectValue)ini["auth"]!)["disable_login_form"], ValueComparer.Instance);
            }
        }
    }

    /// <summary>
    /// The whole internet needs the named acceptance: an allow-list entry as wide as a /0, /1 or /2, or entries that
    /// together cover more than a /8, on an internet-facing load balancer are refused naming both settings; a /8
    /// (with ranges inside it) or an internal load balancer is not.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void AnAllowListAsWideAsTheInternetNeedsTheNamedAcceptance(string stack)
    {
        // Narrow entries that add up count too: 120 /8s, or two /8s (more than one /8 of addresses).
        var many = Enumerable.Range(1, 120).Select(i => $"{i}.0.0.0/8").ToArray();
        foreach (var cidrs in new[] { new[] { "0.0.0.0/0" }, ["0.0.0.0/1", "128.0.0.0/1"], ["203.0.113.0/24", "64.0.0.0/2"], ["0.0.0.0/7"], many, ["10.0.0.0/8", "11.0.0.0/8"] })
        {
            var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, Exposure("internet-facing", cidrs)));
            var message = string.Join('\n', error.Problems);
            Assert.Contains(SettingsCatalog.UserInterfaceAllowedCidrs.Key, message, StringComparison.Ordinal);
            Assert.Contains(SettingsCatalog.UserInterfaceOpenToInternet.Key, message, StringComparison.Ordinal);
        }

        Stacks.CompileWith(stack, Exposure("internet-facing", ["10.0.0.0/8", "10.1.0.0/16"]));
        Stacks.CompileWith(stack, Exposure("internet-facing", ["203.0.113.0/24", "198.51.100.0/24", "192.0.2.0/24"]));
        Stacks.CompileWith(stack, Exposure("internal", ["0.0.0.0/0"]));
    }

    /// <summary>
    /// kube-state-metrics lists what its collectors name, cluster-wide; a list of Secrets returns their data.
    /// Every stack names its collectors, never secrets or configmaps, and nothing rendered reads their metrics.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void KubeStateMetricsNeverListsSecrets(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var ksm = (ObjectValue)GraphTests.ChartValues(compiled, KubePrometheus.ReleaseName)["kube-state-metrics"]!;
        var collectors = Assert.IsType<ListValue>(ksm["collectors"]).Items.Select(Text).ToList();
        Assert.NotEmpty(collectors);
        Assert.DoesNotContain("secrets", collectors);
        Assert.DoesNotContain("configmaps", collectors);
        Assert.Null(ksm["collectorsExtra"]);
        foreach (var (path, content) in RenderWriter.Files(compiled.Graph, compiled.Program))
        {
            Assert.False(content.Contains("kube_secret_", StringComparison.Ordinal) || content.Contains("kube_configmap_", StringComparison.Ordinal),
                $"{path} reads a metric of a withheld collector");
        }
    }

    /// <summary>The explicit list is the pinned chart's default list minus what is withheld (no collector lost by accident).</summary>
    [SharedFact]
    public void KubeStateMetricsKeepsEveryOtherDefaultCollectorOfThePinnedChart()
    {
        var pin = Assert.Single(Directory.GetDirectories(Path.Combine(Repo.SharedDirectory, "charts", "kube-state-metrics")));
        var values = (ObjectValue)YamlValueReader.Parse(File.ReadAllText(Path.Combine(pin, "values.yaml")));
        var defaults = ((ListValue)values["collectors"]!).Items.Select(Text).ToList();
        Assert.Contains("secrets", defaults);
        Assert.Equal(defaults.Except(KubePrometheus.KubeStateMetricsWithheld).Order(StringComparer.Ordinal), KubePrometheus.KubeStateMetricsCollectors.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Grafana's Elasticsearch user has a role of the program's, not the built-in viewer (every index): no
    /// cluster or Kibana privilege, read-only, and index names among those Kibana's roles grant; the
    /// datasource asks for exactly what the role reads.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void GrafanasElasticsearchUserReadsNoMoreThanKibanasRoles(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var secrets = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:Secret").Select(r => r.Properties).ToList();
        var user = (ObjectValue)secrets.Single(s => s.At("metadata.name") == new StringValue(Elasticsearch.GrafanaUserSecret))["stringData"]!;
        var role = Text(user["roles"]);
        Assert.DoesNotContain(role, new[] { "viewer", "superuser", "editor", "kibana_admin" });

        ObjectValue Roles(string secret) => (ObjectValue)YamlValueReader.Parse(Text(((ObjectValue)secrets.Single(s => s.At("metadata.name") == new StringValue(secret))["stringData"]!)["roles.yml"]));
        var definitions = compiled.Graph.Resources.SelectMany(r => r.Properties["objs"] is ListValue objects ? objects.Items.Cast<ObjectValue>() : [])
            .Single(o => o["kind"] == new StringValue("Elasticsearch")).At("spec.auth.roles") is ListValue list
            ? list.Items.Select(e => Text(((ObjectValue)e)["secretName"])).Select(Roles).ToList()
            : throw new InvalidOperationException("no role Secrets on the Elasticsearch resource");
        var definition = (ObjectValue)definitions.Single(d => d[role] is not null)[role]!;
        Assert.Null(definition["cluster"]);
        Assert.Null(definition["applications"]);
        Assert.Null(definition["run_as"]);
        var names = ((ListValue)definition["indices"]!).Items.Cast<ObjectValue>().SelectMany(i => ((ListValue)i["names"]!).Items.Select(Text)).ToList();
        Assert.All(((ListValue)definition["indices"]!).Items.Cast<ObjectValue>().SelectMany(i => ((ListValue)i["privileges"]!).Items.Select(Text)),
            p => Assert.Contains(p, new[] { "read", "view_index_metadata" }));

        var kibana = Roles(KibanaUsers.RolesSecret);
        var granted = new[] { KibanaUsers.ReaderRole, KibanaUsers.AdminRole }
            .SelectMany(r => ((ListValue)((ObjectValue)kibana[r]!)["indices"]!).Items.Cast<ObjectValue>())
            .SelectMany(i => ((ListValue)i["names"]!).Items.Select(Text)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Contains(n, granted));

        var datasources = (ObjectValue)((ObjectValue)GraphTests.ChartValues(compiled, Grafana.ReleaseName)["datasources"]!)["datasources.yaml"]!;
        var logs = ((ListValue)datasources["datasources"]!).Items.Cast<ObjectValue>()
            .Single(d => d["type"] == new StringValue("elasticsearch"));
        Assert.Contains(Text(logs.At("jsonData.index")), names);
    }

    /// <summary>
    /// The heartbeat URL is a credential (whoever has it can fake "alerting works"): the configuration and
    /// the chart values name a file of the receivers Secret, which the secret setting fills; no webhook has an inline URL.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheDeadMansSwitchUrlIsASecretFileNeverInTheConfiguration(string stack)
    {
        var compiled = Stacks.Compile(stack);
        Assert.True(SettingsCatalog.DeadMansSwitchUrl.IsSecret);
        var config = (ObjectValue)YamlValueReader.Parse(compiled.Graph.Documents.Single(d => d.Path == "alertmanager/alertmanager.yaml").Content);
        var webhooks = ((ListValue)config["receivers"]!).Items.Cast<ObjectValue>()
            .SelectMany(r => r["webhook_configs"] is ListValue w ? w.Items.Cast<ObjectValue>() : []).ToList();
        Assert.NotEmpty(webhooks);
        Assert.All(webhooks, w => Assert.Null(w["url"]));
        var heartbeat = ((ListValue)((ObjectValue)((ListValue)config["receivers"]!).Items.Cast<ObjectValue>()
            .Single(r => r["name"] == new StringValue(RoutingTable.DeadMansSwitch)))["webhook_configs"]!).Items.Cast<ObjectValue>().Single();
        Assert.Equal($"/etc/alertmanager/secrets/{Alertmanager.ReceiversSecretName}/{Alertmanager.DeadMansSwitchKey}", Text(heartbeat["url_file"]));

        var receivers = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:Secret" && r.Properties.At("metadata.name") == new StringValue(Alertmanager.ReceiversSecretName));
        Assert.Equal(new ConfigReferenceValue(SettingsCatalog.DeadMansSwitchUrl.Key), ((ObjectValue)receivers.Properties["stringData"]!)[Alertmanager.DeadMansSwitchKey]);
    }

    /// <summary>
    /// The output routes by the event's [data_stream] fields: a producer that sends its own (any Fluent Bit of
    /// an environment) would choose another environment's or a team's stream. Every source pipeline drops
    /// them first, before anything of the pipeline sets them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void OnlyThePipelineNamesTheDataStream(string controlplane)
    {
        var compiled = Stacks.Compile(controlplane);
        var sources = compiled.Graph.Documents.Where(d => d.Path.StartsWith("logstash/pipelines/", StringComparison.Ordinal)
            && !d.Path.EndsWith($"/{Logstash.DeadLetterPipeline}.conf", StringComparison.Ordinal)).ToList();
        Assert.Equal(Stacks.EnvironmentsOf(controlplane).Count() + 1, sources.Count);
        foreach (var pipeline in sources)
        {
            var filter = pipeline.Content[pipeline.Content.IndexOf("\nfilter {", StringComparison.Ordinal)..];
            var statements = string.Join('\n', filter.Split('\n').Skip(2).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
            Assert.True(FirstStatementDropsDataStream().IsMatch(statements), $"{pipeline.Path}: the filter does not begin by removing [data_stream]:\n{statements[..Math.Min(200, statements.Length)]}");
            var removal = filter.IndexOf("remove_field => [\"[data_stream]\"]", StringComparison.Ordinal);
            Assert.True(filter.IndexOf("\"[data_stream][", StringComparison.Ordinal) is var set && (set < 0 || set > removal), $"{pipeline.Path} sets [data_stream] before dropping the producer's");
        }
    }

    [GeneratedRegex("^mutate \\{\\nremove_field => \\[\"\\[data_stream\\]\"\\]\\n\\}")]
    private static partial Regex FirstStatementDropsDataStream();

    private static Dictionary<string, string> Exposure(string scheme, string[] cidrs) => new()
    {
        [SettingsCatalog.LoadBalancerScheme.Key] = scheme,
        [SettingsCatalog.UserInterfaceAllowedCidrs.Key] = JsonSerializer.Serialize(cidrs),
        [SettingsCatalog.UserInterfaceOpenToInternet.Key] = "false",
    };

    private static ObjectValue GrafanaIngress(CompiledStack compiled)
    {
        var host = compiled.Settings.Get(SettingsCatalog.GrafanaHost);
        return compiled.Graph.Resources.Where(r => r.Type == IngressType).Select(r => r.Properties)
            .Single(i => ((ListValue)i.At("spec.rules")!).Items.Cast<ObjectValue>().Any(r => r["host"] == new StringValue(host)));
    }

    /// <summary>
    /// What the ALB answers, as the AWS Load Balancer Controller builds its rules: the paths in order, a path
    /// whose backend port is use-annotation answered by its action if its conditions hold (header values
    /// with * and ? wildcards, case-insensitive); null when the request reaches Grafana.
    /// </summary>
    private static int? AlbAnswer(ObjectValue ingress, string path, string? authorization)
    {
        var annotations = (ObjectValue)ingress.At("metadata.annotations")!;
        foreach (var entry in ((ListValue)((ObjectValue)((ListValue)ingress.At("spec.rules")!).Items.Single()).At("http.paths")!).Items.Cast<ObjectValue>())
        {
            Assert.Equal(new StringValue("Prefix"), entry["pathType"]);
            var prefix = Text(entry["path"]);
            if (!(prefix == "/" || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var service = (ObjectValue)entry.At("backend.service")!;
            if (service.At("port.name") != new StringValue("use-annotation"))
            {
                return null;
            }

            var name = Text(service["name"]);
            if (annotations[UserInterfaces.AlbConditionAnnotationPrefix + name] is StringValue conditions)
            {
                var holds = JsonDocument.Parse(conditions.Text).RootElement.EnumerateArray().All(c =>
                    c.GetProperty("field").GetString() == "http-header"
                    && c.GetProperty("httpHeaderConfig").GetProperty("httpHeaderName").GetString()!.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                    && authorization is not null
                    && c.GetProperty("httpHeaderConfig").GetProperty("values").EnumerateArray().Any(v => AlbWildcard(v.GetString()!).IsMatch(authorization)));
                if (!holds)
                {
                    continue;
                }
            }

            var action = JsonDocument.Parse(Text(annotations[UserInterfaces.AlbActionAnnotationPrefix + name])).RootElement;
            Assert.Equal("fixed-response", action.GetProperty("type").GetString());
            return int.Parse(action.GetProperty("fixedResponseConfig").GetProperty("statusCode").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        }

        return null;
    }

    /// <summary>What ingress-nginx answers: the snippet's <c>if (condition) { return N; }</c> lines in order, else Grafana.</summary>
    private static int? NginxAnswer(ObjectValue ingress, string path, string? authorization)
    {
        var annotations = (ObjectValue)ingress.At("metadata.annotations")!;
        if (annotations[UserInterfaces.NginxSnippetAnnotation] is not StringValue snippet)
        {
            return null;
        }

        foreach (var line in snippet.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var match = NginxIf().Match(line);
            Assert.True(match.Success, $"unexpected snippet line: {line}");
            var subject = match.Groups["variable"].Value switch
            {
                "$http_authorization" => authorization,
                "$uri" => path,
                var other => throw new InvalidOperationException($"variable {other} is not modelled"),
            };
            var options = match.Groups["operator"].Value == "~*" ? RegexOptions.IgnoreCase : RegexOptions.None;
            if (subject is not null && Regex.IsMatch(subject, match.Groups["regex"].Value, options))
            {
                return int.Parse(match.Groups["status"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex("^if \\((?<variable>\\$[a-z_]+) (?<operator>~\\*?) \"(?<regex>[^\"]+)\"\\) \\{ return (?<status>[0-9]{3}); \\}$")]
    private static partial Regex NginxIf();

    private static Regex AlbWildcard(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase);

    private static string Text(Value? value) => ((StringValue)value!).Text;
}
