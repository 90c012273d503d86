using System.Net;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests.Policies;

/// <summary>
/// Kibana's single sign-on, on every stack: every Ingress of a Kibana host sends to an oauth2-proxy, never to
/// Kibana; each proxy admits its role's groups and signs Kibana in as its role's file-realm user with a header
/// only it holds; the load balancer or ingress controller reaches the proxies, and Kibana only from them.
/// </summary>
public sealed class KibanaSignInPolicyTests
{
    private const string ProxyImage = "quay.io/oauth2-proxy/oauth2-proxy:";

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    private static readonly Dictionary<string, string> KibanaPods = new() { ["kibana.k8s.elastic.co/name"] = Kibana.InstanceName };

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryKibanaIngressSendsToASignInProxyNeverToKibana(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var kibanaHosts = new[] { settings.Get(SettingsCatalog.KibanaHost), settings.Get(SettingsCatalog.KibanaAdminHost) }.Where(h => h.Length > 0).ToHashSet(StringComparer.Ordinal);
        var ingresses = Objects(compiled, "kubernetes:networking.k8s.io/v1:Ingress").ToList();
        var backends = ingresses.SelectMany(i => ((ListValue)i.At("spec.rules")!).Items.Cast<ObjectValue>())
            .SelectMany(rule => ((ListValue)rule.At("http.paths")!).Items.Cast<ObjectValue>().Select(p => (Host: Text(rule["host"]), Service: Text(p.At("backend.service.name")))))
            .ToList();
        Assert.DoesNotContain(backends, b => b.Service == $"{Kibana.InstanceName}-kb-http");
        if (settings.Role == StackRole.Controlplane)
        {
            Assert.Equal(kibanaHosts.Order(StringComparer.Ordinal), backends.Where(b => kibanaHosts.Contains(b.Host)).Select(b => b.Host).Distinct().Order(StringComparer.Ordinal));
        }

        foreach (var (host, service) in backends.Where(b => kibanaHosts.Contains(b.Host)))
        {
            var selector = (ObjectValue)Objects(compiled, "kubernetes:core/v1:Service").Single(s => Text(s.At("metadata.name")) == service).At("spec.selector")!;
            var deployments = Objects(compiled, "kubernetes:apps/v1:Deployment")
                .Where(d => RenderedNetworkPolicies.Matches(ObjectValue.Of(("matchLabels", selector)), Labels((ObjectValue)d.At("spec.template.metadata.labels")!)))
                .ToList();
            var deployment = Assert.Single(deployments);
            var image = Image(deployment);
            Assert.True(image.StartsWith(ProxyImage, StringComparison.Ordinal) && image.Length > ProxyImage.Length, $"{host}: the backend {service} runs {image}, not a pinned oauth2-proxy");
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EachProxyAdmitsItsRolesGroupsAndSignsInAsItsRolesUserOnly(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var proxies = Objects(compiled, "kubernetes:apps/v1:Deployment").Where(d => Image(d).StartsWith(ProxyImage, StringComparison.Ordinal)).ToList();
        var roles = new List<string> { KibanaUsers.ReaderRole };
        if (settings.Get(SettingsCatalog.KibanaAdminHost).Length > 0)
        {
            roles.Add(KibanaUsers.AdminRole);
        }

        Assert.Equal(roles.Count, proxies.Count);
        var realm = ((ListValue)ElasticsearchSpec(compiled).At("auth.fileRealm")!).Items.Select(e => Text(((ObjectValue)e)["secretName"])).ToList();
        var secrets = compiled.Graph.Resources.Where(r => r.Type == "kubernetes:core/v1:Secret").ToList();
        foreach (var role in roles)
        {
            var proxy = proxies.Single(p => Labels((ObjectValue)p.At("spec.template.metadata.labels")!).GetValueOrDefault("app.kubernetes.io/instance") == KibanaProxy.DeploymentName(role));
            var pod = (ObjectValue)proxy.At("spec.template.spec")!;
            Assert.Equal(new BoolValue(false), pod["automountServiceAccountToken"]);
            var volumes = ((ListValue)pod["volumes"]!).Items.Cast<ObjectValue>().ToList();
            string SecretOf(string volume) => Text(volumes.Single(v => Text(v["name"]) == volume).At("secret.secretName"));
            string ConfigMapOf(string volume) => Text(volumes.Single(v => Text(v["name"]) == volume).At("configMap.name"));

            // The alpha configuration: the identity provider Grafana uses, the role's groups, one Authorization header from a file.
            var configMap = Objects(compiled, "kubernetes:core/v1:ConfigMap").Single(m => Text(m.At("metadata.name")) == ConfigMapOf("config"));
            var config = (ObjectValue)YamlValueReader.Parse(Text(((ObjectValue)configMap["data"]!)["oauth2-proxy.yaml"]));
            var provider = (ObjectValue)((ListValue)config["providers"]!).Items.Single();
            Assert.Equal(settings.Get(SettingsCatalog.OidcIssuerUrl), Text(provider.At("oidcConfig.issuerURL")));
            Assert.Equal(settings.Get(SettingsCatalog.GrafanaOidcClientId), Text(provider["clientID"]));
            Assert.Null(provider["clientSecret"]);
            Assert.StartsWith(KibanaProxy.ClientDirectory + "/", Text(provider["clientSecretFile"]), StringComparison.Ordinal);
            Assert.Equal(GrafanaSignIn.SecretName, SecretOf("client"));
            var expected = role == KibanaUsers.AdminRole
                ? settings.Get(SettingsCatalog.KibanaAdminGroups).Items
                : settings.Get(SettingsCatalog.KibanaReaderGroups).Items.Concat(settings.Get(SettingsCatalog.KibanaAdminGroups).Items).Distinct(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, ((ListValue)provider["allowedGroups"]!).Items.Select(Text));
            var header = (ObjectValue)Assert.Single(((ListValue)config["injectRequestHeaders"]!).Items);
            Assert.Equal("Authorization", Text(header["name"]));
            Assert.Equal(new BoolValue(false), header["preserveRequestValue"]);
            var source = Text(((ObjectValue)((ListValue)header["values"]!).Items.Single()).At("secretSource.fromFile"));
            Assert.Equal($"{KibanaProxy.HeaderDirectory}/{KibanaUsers.SsoHeaderKey}", source);
            Assert.Equal(KibanaUsers.SsoHeaderSecret(role), SecretOf("header"));

            // The header is built from the role's user's generated password (never a literal), and that user has exactly the role.
            var user = KibanaUsers.SsoUser(role);
            var userSecret = (ObjectValue)secrets.Single(s => s.Properties.At("metadata.name") == new StringValue(KibanaUsers.UserSecret(user))).Properties["stringData"]!;
            Assert.Equal(new StringValue(role), userSecret["roles"]);
            var password = Assert.IsType<ReferenceValue>(userSecret["password"]);
            Assert.Contains(KibanaUsers.UserSecret(user), realm);
            var headerValue = ((ObjectValue)secrets.Single(s => s.Properties.At("metadata.name") == new StringValue(KibanaUsers.SsoHeaderSecret(role))).Properties["stringData"]!)[KibanaUsers.SsoHeaderKey]!;
            Assert.IsType<FunctionValue>(headerValue);
            var references = Descendants(headerValue).OfType<ReferenceValue>().ToList();
            Assert.Equal([password], references);
            Assert.Contains(Descendants(headerValue).OfType<StringValue>(), s => s.Text == $"{user}:");

            // The cookie secret comes from a Secret of a generated value, not from the arguments.
            var container = (ObjectValue)((ListValue)pod["containers"]!).Items.Single();
            Assert.DoesNotContain(((ListValue)container["args"]!).Items.Select(Text), a => a.StartsWith("--cookie-secret", StringComparison.Ordinal) || a.StartsWith("--client-secret", StringComparison.Ordinal));
            var cookie = ((ListValue)container["env"]!).Items.Cast<ObjectValue>().Single(e => Text(e["name"]) == "OAUTH2_PROXY_COOKIE_SECRET");
            var cookieSecret = (ObjectValue)secrets.Single(s => s.Properties.At("metadata.name") == cookie.At("valueFrom.secretKeyRef.name")).Properties["stringData"]!;
            var cookieReference = Assert.IsType<ReferenceValue>(cookieSecret[Text(cookie.At("valueFrom.secretKeyRef.key"))]);
            Assert.Equal("random:index/randomPassword:RandomPassword", cookieReference.Target.Type);
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheLoadBalancerReachesTheProxiesAndOnlyTheProxiesReachKibana(string stack)
    {
        var compiled = Stacks.Compile(stack);
        var settings = compiled.Settings;
        var policies = RenderedNetworkPolicies.Of(compiled.Graph);
        var proxy = new Dictionary<string, string>(KibanaProxy.RolePods(KibanaUsers.ReaderRole).Select(l => new KeyValuePair<string, string>(l.Key, l.Value)));
        Assert.True(policies.IngressAllows(Namespaces.Elastic, KibanaPods, Namespaces.Elastic, proxy, Kibana.HttpPort), "the proxy cannot reach Kibana");
        Assert.True(policies.EgressAllows(Namespaces.Elastic, proxy, Namespaces.Elastic, KibanaPods, "TCP", Kibana.HttpPort), "the proxy's egress does not admit Kibana");
        Assert.True(policies.EgressAllows(Namespaces.Elastic, proxy, IPAddress.Parse("198.51.100.7"), "TCP", 443), "the proxy cannot reach the identity provider");
        Assert.False(policies.EgressAllows(Namespaces.Elastic, proxy, IPAddress.Parse("169.254.169.254"), "TCP", 443), "the proxy reaches the metadata endpoint");
        Assert.False(policies.EgressAllows(Namespaces.Elastic, proxy, IPAddress.Parse("198.51.100.7"), "TCP", 80), "the proxy reaches the internet beyond 443");

        // Whatever the ingress class: no address range reaches Kibana, and neither do ingress-nginx's controller pods.
        foreach (var cidr in settings.Get(SettingsCatalog.AlbSubnetCidrs).Items)
        {
            var address = IPAddress.Parse(cidr.Split('/')[0]);
            Assert.False(policies.IngressAllows(Namespaces.Elastic, KibanaPods, address, Kibana.HttpPort), $"the load balancer's range {cidr} reaches Kibana directly");
            Assert.Equal(settings.Get(SettingsCatalog.IngressClass) == UserInterfaces.AlbClass, policies.IngressAllows(Namespaces.Elastic, proxy, address, KibanaProxy.HttpPort));
        }

        var nginx = UserInterfaces.NginxControllerPods.ToDictionary(l => l.Key, l => l.Value);
        Assert.False(policies.IngressAllows(Namespaces.Elastic, KibanaPods, settings.Get(SettingsCatalog.IngressControllerNamespace), nginx, Kibana.HttpPort), "ingress-nginx reaches Kibana directly");
        Assert.Equal(settings.Get(SettingsCatalog.IngressClass) == UserInterfaces.NginxClass,
            policies.IngressAllows(Namespaces.Elastic, proxy, settings.Get(SettingsCatalog.IngressControllerNamespace), nginx, KibanaProxy.HttpPort));
        Assert.All(policies.Selecting(Namespaces.Elastic, KibanaPods, "Ingress"), p => Assert.DoesNotContain(Descendants(p), v => v is ObjectValue o && o["ipBlock"] is not null));
    }

    private static IEnumerable<ObjectValue> Objects(CompiledStack compiled, string type) =>
        compiled.Graph.Resources.Where(r => r.Type == type).Select(r => r.Properties);

    private static string Image(ObjectValue deployment) => Text(((ObjectValue)((ListValue)deployment.At("spec.template.spec.containers")!).Items[0])["image"]);

    private static Dictionary<string, string> Labels(ObjectValue labels) => labels.Entries.ToDictionary(e => e.Key, e => Text(e.Value));

    private static ObjectValue ElasticsearchSpec(CompiledStack compiled) => compiled.Graph.Resources
        .SelectMany(r => r.Properties["objs"] is ListValue objects ? objects.Items.Cast<ObjectValue>() : [])
        .Single(o => o["kind"] == new StringValue("Elasticsearch"))["spec"] is ObjectValue spec ? spec : throw new InvalidOperationException("no Elasticsearch spec");

    private static IEnumerable<Value> Descendants(Value value) => new[] { value }.Concat(value.Children.SelectMany(Descendants));

    private static string Text(Value? value) => ((StringValue)value!).Text;
}
