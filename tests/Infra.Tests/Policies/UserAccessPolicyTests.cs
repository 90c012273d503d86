using System.Text.Json;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Policies;

/// <summary>
/// How people reach the platform, checked on every stack: Ingresses only with TLS for every host and a
/// DNS name, sign-in to Grafana through OIDC whose client secret never appears in the chart values, and
/// Kibana people as named least-privilege users, none of them 'elastic'.
/// </summary>
public sealed class UserAccessPolicyTests
{
    private const string IngressType = "kubernetes:networking.k8s.io/v1:Ingress";

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryIngressServesItsHostsOverTlsAndPublishesThem(string stack)
    {
        AssertIngresses(Stacks.Compile(stack));
    }

    /// <summary>The same stacks restricted to client ranges, and asking for the groups scope.</summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void AllowedClientRangesAndScopesFollowTheSettings(string stack)
    {
        foreach (var ingressClass in new[] { UserInterfaces.AlbClass, UserInterfaces.NginxClass })
        {
            var compiled = Stacks.CompileWith(stack, new Dictionary<string, string>
            {
                [SettingsCatalog.IngressClass.Key] = ingressClass,
                [SettingsCatalog.UserInterfaceAllowedCidrs.Key] = JsonSerializer.Serialize(new[] { "203.0.113.0/24", "198.51.100.0/24" }),
                [SettingsCatalog.GrafanaOidcScopes.Key] = JsonSerializer.Serialize(new[] { "openid", "email", "profile", "groups" }),
            });
            AssertIngresses(compiled);
            var annotation = ingressClass == UserInterfaces.AlbClass ? UserInterfaces.AlbAllowedCidrsAnnotation : UserInterfaces.NginxAllowedCidrsAnnotation;
            Assert.All(compiled.Graph.Resources.Where(r => r.Type == IngressType),
                i => Assert.Equal(new StringValue("203.0.113.0/24,198.51.100.0/24"), ((ObjectValue)i.Properties.At("metadata.annotations")!)[annotation]));
            Assert.Equal(new StringValue("openid email profile groups"), ((ObjectValue)((ObjectValue)GraphTests.ChartValues(compiled, Grafana.ReleaseName)["grafana.ini"]!)["auth.generic_oauth"]!)["scopes"]);
        }
    }

    /// <summary>
    /// An internet-facing user interface compiles only with an allow-list or the explicit, named acceptance
    /// of the whole internet (then with a warning); an internal one needs neither; both at once contradict.
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void InternetFacingUserInterfacesNeedAnAllowListOrAnExplicitOptIn(string stack)
    {
        foreach (var scheme in new[] { "internet-facing", "internal" })
        {
            foreach (var cidrs in new[] { Array.Empty<string>(), ["203.0.113.0/24"] })
            {
                foreach (var open in new[] { false, true })
                {
                    var overrides = new Dictionary<string, string>
                    {
                        [SettingsCatalog.LoadBalancerScheme.Key] = scheme,
                        [SettingsCatalog.UserInterfaceAllowedCidrs.Key] = JsonSerializer.Serialize(cidrs),
                        [SettingsCatalog.UserInterfaceOpenToInternet.Key] = open ? "true" : "false",
                    };
                    var refused = (scheme == "internet-facing" && cidrs.Length == 0 && !open) || (open && cidrs.Length > 0);
                    var what = $"{scheme}, {cidrs.Length} ranges, open {open}";
                    if (refused)
                    {
                        var error = Assert.Throws<CompilationException>(() => Stacks.CompileWith(stack, overrides));
                        var message = string.Join('\n', error.Problems);
                        Assert.True(message.Contains(SettingsCatalog.UserInterfaceAllowedCidrs.Key, StringComparison.Ordinal) && message.Contains(SettingsCatalog.UserInterfaceOpenToInternet.Key, StringComparison.Ordinal), $"{what}: {message}");
                        continue;
                    }

                    var compiled = Stacks.CompileWith(stack, overrides);
                    Assert.Equal(scheme == "internet-facing" && open, compiled.Graph.Warnings.Any(w => w.StartsWith(SettingsCatalog.UserInterfaceOpenToInternet.Key, StringComparison.Ordinal)));
                }
            }
        }
    }

    /// <summary>The other ingress class of the same stacks: cert-manager certificates instead of ACM.</summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void WithIngressNginxEveryHostHasACertificateFromTheStacksIssuer(string stack)
    {
        AssertIngresses(Stacks.CompileWith(stack, new Dictionary<string, string> { [SettingsCatalog.IngressClass.Key] = UserInterfaces.NginxClass }));
    }

    private static void AssertIngresses(CompiledStack compiled)
    {
        var settings = compiled.Settings;
        var ingresses = compiled.Graph.Resources.Where(r => r.Type == IngressType).ToList();
        if (settings.Role == StackRole.Controlplane)
        {
            // Grafana and Kibana at least: their hosts are required settings of a controlplane.
            var hosts = ingresses.SelectMany(i => Hosts(i.Properties)).ToList();
            Assert.Contains(settings.Get(SettingsCatalog.GrafanaHost), hosts);
            Assert.Contains(settings.Get(SettingsCatalog.KibanaHost), hosts);
        }

        var certificates = compiled.Graph.Resources
            .Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup" || r.Type.Contains("ConfigGroup", StringComparison.Ordinal))
            .SelectMany(r => r.Properties["objs"] is ListValue objects ? objects.Items.Cast<ObjectValue>() : [])
            .Where(o => o["kind"] == new StringValue("Certificate"))
            .ToList();
        var cidrs = settings.Get(SettingsCatalog.UserInterfaceAllowedCidrs).Items;
        Value? allowed = cidrs.Count == 0 ? null : new StringValue(string.Join(',', cidrs));
        foreach (var ingress in ingresses.Select(i => i.Properties))
        {
            var name = Text(ingress.At("metadata.name"));
            var ingressClass = Text(ingress.At("spec.ingressClassName"));
            var tls = ((ListValue)ingress.At("spec.tls")!).Items.Cast<ObjectValue>().ToList();
            Assert.NotEmpty(tls);
            var tlsHosts = tls.SelectMany(t => ((ListValue)t["hosts"]!).Items.Select(Text)).ToList();
            foreach (var host in Hosts(ingress))
            {
                Assert.True(tlsHosts.Contains(host), $"Ingress {name}: host {host} has no TLS");
            }

            var annotations = (ObjectValue)ingress.At("metadata.annotations")!;
            Assert.Equal(string.Join(",", Hosts(ingress)), Text(annotations[LoadBalancers.ExternalDnsAnnotation]));
            if (ingressClass == UserInterfaces.AlbClass)
            {
                // The ALB terminates TLS (ACM); its HTTP listener only redirects to HTTPS; the stack's scheme.
                var ports = JsonDocument.Parse(Text(annotations["alb.ingress.kubernetes.io/listen-ports"])).RootElement.EnumerateArray()
                    .SelectMany(p => p.EnumerateObject().Select(o => $"{o.Name}:{o.Value.GetInt32()}")).ToList();
                Assert.Equal(["HTTP:80", "HTTPS:443"], ports);
                Assert.Equal(new StringValue("443"), annotations["alb.ingress.kubernetes.io/ssl-redirect"]);
                Assert.Equal(allowed, annotations[UserInterfaces.AlbAllowedCidrsAnnotation]);
                Assert.Equal(new StringValue(settings.Get(SettingsCatalog.LoadBalancerScheme)), annotations["alb.ingress.kubernetes.io/scheme"]);
                Assert.Equal(new StringValue("ip"), annotations["alb.ingress.kubernetes.io/target-type"]);
                // Pinned to the subnets whose ranges the NetworkPolicies admit, one per range.
                var subnets = Text(annotations[UserInterfaces.AlbSubnetsAnnotation]).Split(',');
                Assert.Equal(settings.Get(SettingsCatalog.AlbSubnets).Items, subnets);
                Assert.Equal(settings.Get(SettingsCatalog.AlbSubnetCidrs).Items.Count, subnets.Length);
                continue;
            }

            Assert.Equal(allowed, annotations[UserInterfaces.NginxAllowedCidrsAnnotation]);
            // Otherwise the controller serves the Secret of a cert-manager Certificate for exactly these hosts.
            foreach (var entry in tls)
            {
                var secret = Text(entry["secretName"]);
                var certificate = certificates.SingleOrDefault(c => c.At("spec.secretName") == new StringValue(secret));
                Assert.True(certificate is not null, $"Ingress {name}: no Certificate writes its TLS Secret {secret}");
                Assert.Equal(((ListValue)entry["hosts"]!).Items.Select(Text), ((ListValue)certificate!.At("spec.dnsNames")!).Items.Select(Text));
                Assert.Equal(new StringValue(settings.Get(SettingsCatalog.TlsClusterIssuer)), certificate.At("spec.issuerRef.name"));
                Assert.Equal(new StringValue("ClusterIssuer"), certificate.At("spec.issuerRef.kind"));
            }
        }
    }

    /// <summary>
    /// Grafana signs people in with OIDC, its client secret arrives as a mounted file from a Secret filled
    /// from the Pulumi secret, and nothing secret is in the chart values (which Helm stores in plain text).
    /// </summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void GrafanaSignsInWithOidcAndItsClientSecretIsNeverInTheValues(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var values = GraphTests.ChartValues(compiled, Grafana.ReleaseName);
        // No secret config, no generated password, no secret output of an environment (only their host and user names).
        Assert.Empty(Descendants(values).OfType<ConfigReferenceValue>());
        Assert.DoesNotContain(Descendants(values).OfType<ReferenceValue>(), r => r.Target.Type.StartsWith("random:", StringComparison.Ordinal)
            || (r.Path ?? string.Empty).EndsWith(EnvironmentOutputs.FederationPassword, StringComparison.Ordinal)
            || (r.Path ?? string.Empty).EndsWith(EnvironmentOutputs.FederationGrafanaPassword, StringComparison.Ordinal) || (r.Path ?? string.Empty).EndsWith(EnvironmentOutputs.KafkaConsumerPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(Descendants(values).OfType<FunctionValue>(), f => f.Name.Contains("secret", StringComparison.OrdinalIgnoreCase));

        var ini = (ObjectValue)values["grafana.ini"]!;
        var oauth = (ObjectValue)ini["auth.generic_oauth"]!;
        Assert.Equal((Value)true, oauth["enabled"], ValueComparer.Instance);
        Assert.Equal((Value)true, oauth["role_attribute_strict"], ValueComparer.Instance);
        Assert.Equal((Value)false, ((ObjectValue)ini["auth.anonymous"]!)["enabled"], ValueComparer.Instance);
        Assert.Equal((Value)false, ((ObjectValue)ini["snapshots"]!)["external_enabled"], ValueComparer.Instance);
        Assert.Equal((Value)false, ((ObjectValue)ini["public_dashboards"]!)["enabled"], ValueComparer.Instance);
        // No plugin is fetched at start or installed by an Admin.
        var plugins = (ObjectValue)ini["plugins"]!;
        Assert.Equal((Value)true, plugins["preinstall_disabled"], ValueComparer.Instance);
        Assert.Equal((Value)false, plugins["preinstall_auto_update"], ValueComparer.Instance);
        Assert.Equal((Value)false, plugins["plugin_admin_enabled"], ValueComparer.Instance);
        Assert.Equal(new StringValue($"https://{settings.Get(SettingsCatalog.GrafanaHost)}"), ((ObjectValue)ini["server"]!)["root_url"]);
        Assert.Equal(new StringValue(settings.Get(SettingsCatalog.GrafanaOidcClientId)), oauth["client_id"]);
        Assert.Equal(string.Join(' ', settings.Get(SettingsCatalog.GrafanaOidcScopes).Items), Text(oauth["scopes"]));
        Assert.Contains("openid", Text(oauth["scopes"]).Split(' '));
        // TLS ends before Grafana: the session cookie is still Secure, SameSite, and browsers keep to HTTPS.
        var security = (ObjectValue)ini["security"]!;
        Assert.Equal((Value)true, security["cookie_secure"], ValueComparer.Instance);
        Assert.Equal(new StringValue("lax"), security["cookie_samesite"]);
        Assert.Equal((Value)true, security["strict_transport_security"], ValueComparer.Instance);
        // The break-glass admin keeps its generated password from a Secret.
        Assert.NotNull(values.At("admin.existingSecret"));
        // A session ends within the Kibana proxies' cookie lifetime (12 h), so a group removed at the identity
        // provider stops working in both by then; nothing is published with its data outside Grafana.
        var auth = (ObjectValue)ini["auth"]!;
        foreach (var lifetime in new[] { "login_maximum_lifetime_duration", "login_maximum_inactive_lifetime_duration" })
        {
            Assert.True(System.Text.RegularExpressions.Regex.Match(Text(auth[lifetime]), "^([0-9]+)h$") is { Success: true } hours
                && int.Parse(hours.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= 12, $"{lifetime}: {auth[lifetime]}");
        }

        Assert.Equal((Value)false, ((ObjectValue)ini["snapshots"]!)["external_enabled"], ValueComparer.Instance);
        Assert.Equal((Value)false, ((ObjectValue)ini["public_dashboards"]!)["enabled"], ValueComparer.Instance);

        // client_secret names a file; a mounted Secret holds it, filled from the secret config.
        var reference = Text(oauth["client_secret"]);
        Assert.StartsWith("$__file{", reference, StringComparison.Ordinal);
        var file = reference["$__file{".Length..^1];
        var mount = ((ListValue)values["extraSecretMounts"]!).Items.Cast<ObjectValue>()
            .Single(m => file.StartsWith(Text(m["mountPath"]) + "/", StringComparison.Ordinal));
        var secret = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:Secret" && r.Properties.At("metadata.name") == mount["secretName"]
            && r.Properties.At("metadata.namespace") == new StringValue(Namespaces.Elastic));
        var key = file[(Text(mount["mountPath"]).Length + 1)..];
        Assert.Equal(new ConfigReferenceValue(SettingsCatalog.GrafanaOidcClientSecret.Key), ((ObjectValue)secret.Properties["stringData"]!)[key]);
    }

    /// <summary>Grafana's role mapping, evaluated as Grafana does (JMESPath) on the groups claim.</summary>
    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheGroupsClaimMapsToAdminEditorAndViewerAndNoGroupMeansNoAccess(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var oauth = (ObjectValue)((ObjectValue)GraphTests.ChartValues(compiled, Grafana.ReleaseName)["grafana.ini"]!)["auth.generic_oauth"]!;
        var path = Text(oauth["role_attribute_path"]);
        var claim = settings.Get(SettingsCatalog.GrafanaOidcGroupsClaim);
        var jmes = new DevLab.JmesPath.JmesPath();
        // Grafana takes a string result as the role; false or null is no role.
        string Role(object claims) => JsonDocument.Parse(jmes.Transform(JsonSerializer.Serialize(claims), path)).RootElement is { ValueKind: JsonValueKind.String } role
            ? role.GetString()!
            : string.Empty;

        var tiers = new[]
        {
            ("Admin", settings.Get(SettingsCatalog.GrafanaAdminGroups).Items),
            ("Editor", settings.Get(SettingsCatalog.GrafanaEditorGroups).Items),
            ("Viewer", settings.Get(SettingsCatalog.GrafanaViewerGroups).Items),
        };
        Assert.Contains(tiers, t => t.Item2.Count > 0);
        foreach (var (role, groups) in tiers)
        {
            foreach (var group in groups)
            {
                Assert.Equal(role, Role(new Dictionary<string, object> { [claim] = new[] { "unrelated", group } }));
            }
        }

        // The highest tier wins; no matching group, or no claim at all, gives no role (strict: denied).
        var top = tiers.First(t => t.Item2.Count > 0);
        Assert.Equal(top.Item1, Role(new Dictionary<string, object> { [claim] = tiers.SelectMany(t => t.Item2).Reverse().ToArray() }));
        Assert.Equal(string.Empty, Role(new Dictionary<string, object> { [claim] = new[] { "unrelated" } }));
        Assert.Equal(string.Empty, Role(new Dictionary<string, object> { ["email"] = "someone@example.com" }));
        // A claim sent as one string is no list of groups: no substring of it makes a role.
        foreach (var group in tiers.SelectMany(t => t.Item2))
        {
            Assert.Equal(string.Empty, Role(new Dictionary<string, object> { [claim] = $"contractors-{group}-denied" }));
            Assert.Equal(string.Empty, Role(new Dictionary<string, object> { [claim] = group }));
        }
        var allowed = Text(oauth["allowed_groups"]).Split(',');
        Assert.Equal(tiers.SelectMany(t => t.Item2).Distinct().Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Nobody signs in as 'elastic': every user Secret the program makes is a named user, each configured
    /// person has one with a least-privilege role, ECK adds them all to Elasticsearch, and their passwords
    /// are one secret output.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllStacks))]
    public void KibanaPeopleAreNamedLeastPrivilegeUsersAndNoneIsElastic(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var users = compiled.Graph.Resources
            .Where(r => r.Type == "kubernetes:core/v1:Secret" && r.Properties["type"] == new StringValue("kubernetes.io/basic-auth"))
            .Select(r => (ObjectValue)r.Properties["stringData"]!)
            .ToList();
        Assert.All(users, u => Assert.DoesNotContain(Text(u["username"]), SettingsCatalog.ReservedUserNames.Except(["monitoring", "grafana", KibanaUsers.SsoUser(KibanaUsers.ReaderRole), KibanaUsers.SsoUser(KibanaUsers.AdminRole)])));
        if (settings.Role != StackRole.Controlplane)
        {
            Assert.DoesNotContain(compiled.Graph.Outputs, o => o.Name == KibanaUsers.PasswordsOutput);
            return;
        }

        var people = KibanaUsers.People(settings);
        Assert.NotEmpty(people);
        var realm = ((ListValue)ElasticsearchSpec(compiled).At("auth.fileRealm")!).Items.Select(e => Text(((ObjectValue)e)["secretName"])).ToList();
        foreach (var (user, role) in people)
        {
            var secret = users.Single(u => u["username"] == new StringValue(user));
            Assert.Equal(new StringValue(role), secret["roles"]);
            Assert.IsType<ReferenceValue>(secret["password"]);
            Assert.Contains(KibanaUsers.UserSecret(user), realm);
        }

        var output = compiled.Graph.Outputs.Single(o => o.Name == KibanaUsers.PasswordsOutput);
        Assert.True(output.Secret);
        var passwords = (ObjectValue)((FunctionValue)output.Value).Argument;
        Assert.Equal(people.Select(p => p.User), passwords.Entries.Select(e => e.Key));

        // The roles: no cluster privilege, the log data streams read-only, Kibana's features of the default space.
        var rolesSecret = compiled.Graph.Resources.Single(r => r.Type == "kubernetes:core/v1:Secret" && r.Properties.At("metadata.name") == new StringValue(KibanaUsers.RolesSecret));
        var roles = (ObjectValue)YamlValueReader.Parse(Text(((ObjectValue)rolesSecret.Properties["stringData"]!)["roles.yml"]));
        Assert.Contains(KibanaUsers.RolesSecret, ((ListValue)ElasticsearchSpec(compiled).At("auth.roles")!).Items.Select(e => Text(((ObjectValue)e)["secretName"])));
        foreach (var role in people.Select(p => p.Role).Distinct())
        {
            var definition = (ObjectValue)roles[role]!;
            Assert.Null(definition["cluster"]);
            Assert.Null(definition["run_as"]);
            foreach (var index in ((ListValue)definition["indices"]!).Items.Cast<ObjectValue>())
            {
                // Log data streams only: the platform's and the teams' (TeamLogsAccessTests: every data view is covered).
                Assert.All(((ListValue)index["names"]!).Items.Select(Text), n => Assert.True(
                    n.StartsWith($"logs-{Logstash.DataStreamDataset}-", StringComparison.Ordinal) || n == KibanaUsers.TeamLogIndices, $"{role} reads {n}"));
                Assert.All(((ListValue)index["privileges"]!).Items.Select(Text), p => Assert.Contains(p, new[] { "read", "view_index_metadata" }));
            }

            foreach (var application in ((ListValue)definition["applications"]!).Items.Cast<ObjectValue>())
            {
                Assert.Equal(new StringValue("kibana-.kibana"), application["application"]);
                Assert.All(((ListValue)application["privileges"]!).Items.Select(Text), p => Assert.StartsWith("feature_", p, StringComparison.Ordinal));
                Assert.Equal(["space:default"], ((ListValue)application["resources"]!).Items.Select(Text));
            }
        }

        var reader = (ObjectValue)roles[KibanaUsers.ReaderRole]!;
        Assert.All(((ListValue)((ObjectValue)((ListValue)reader["applications"]!).Items.Single())["privileges"]!).Items.Select(Text),
            p => Assert.EndsWith(".read", p, StringComparison.Ordinal));
    }

    private static ObjectValue ElasticsearchSpec(CompiledStack compiled) => compiled.Graph.Resources
        .SelectMany(r => r.Properties["objs"] is ListValue objects ? objects.Items.Cast<ObjectValue>() : [])
        .Single(o => o["kind"] == new StringValue("Elasticsearch"))["spec"] is ObjectValue spec ? spec : throw new InvalidOperationException("no Elasticsearch spec");

    private static IEnumerable<string> Hosts(ObjectValue ingress) =>
        ((ListValue)ingress.At("spec.rules")!).Items.Cast<ObjectValue>().Select(r => Text(r["host"]));

    private static IEnumerable<Value> Descendants(Value value) => new[] { value }.Concat(value.Children.SelectMany(Descendants));

    private static string Text(Value? value) => ((StringValue)value!).Text;
}
