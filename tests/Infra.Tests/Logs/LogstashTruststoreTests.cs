using Infra.Components;
using Infra.Model;
using Infra.Tests.Support;
using static Infra.Tests.Logs.PipelineObjects;

namespace Infra.Tests.Logs;

/// <summary>
/// The controlplane's Logstash trusts each environment's Kafka listener: the init container of the
/// rendered Logstash resource, run with a real JDK's keytool, builds the trust stores the pipelines name.
/// </summary>
public sealed class LogstashTruststoreTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"infra-truststores-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, true);
        }
    }

    public static TheoryData<string> Controlplanes() => Stacks.Data(Infra.Config.StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void EveryRemotePipelineReadsItsEnvironmentsTrustStoreAndEveryEnvironmentsCaIsMounted(string controlplane)
    {
        var objects = new PipelineObjects(controlplane);
        var environments = objects.Compiled.Settings.Get(Infra.Config.SettingsCatalog.Environments).Items;
        Assert.NotEmpty(environments);
        var init = InitContainer(objects);
        var mounts = ((ListValue)init["volumeMounts"]!).Items.Cast<ObjectValue>().Select(m => Text(m["mountPath"])).ToList();
        var caDirectory = Variable(init, "CA_DIRECTORY");
        foreach (var environment in environments)
        {
            Assert.Contains($"ssl_truststore_location => \"{Logstash.TruststoreDirectory}/{environment}.p12\"", objects.Pipeline(environment), StringComparison.Ordinal);
            Assert.Contains($"{caDirectory}/{environment}", mounts);

            // The CA comes from the environment's stack output, through the Secret the volume reads.
            var secret = objects.Compiled.Graph[$"logstash-kafka-{environment}-secret"];
            var ca = Assert.IsType<ReferenceValue>(((ObjectValue)secret.Properties.At("stringData")!)[Logstash.CaKey]);
            Assert.Equal($"outputs.{EnvironmentOutputs.TlsCaCertificate}", ca.Path);
        }
    }

    [ToolFact("keytool openssl", "default-jre-headless openssl")]
    [Trait("Speed", "Slow")]
    public void TheInitContainerBuildsPublicRootsPlusThePrivateCaWhereThereIsOne()
    {
        // A controlplane with at least two environments (the synthetic one added): the first listed
        // has a private CA, the others' certificates are publicly trusted (an empty file).
        var objects = new PipelineObjects(SyntheticStacks.Controlplanes[0]);
        var init = InitContainer(objects);
        var command = ((ListValue)init["command"]!).Items.Select(Text).ToList();
        Assert.Equal("bash", command[0]);

        var environments = objects.Compiled.Settings.Get(Infra.Config.SettingsCatalog.Environments).Items;
        var (privateCa, publicCa) = (environments[0], environments[1]);
        var authorities = Path.Combine(_work, "environment-ca");
        var stores = Path.Combine(_work, "truststores");
        foreach (var name in environments)
        {
            Directory.CreateDirectory(Path.Combine(authorities, name));
            File.WriteAllText(Path.Combine(authorities, name, Logstash.CaKey), string.Empty);
        }

        Directory.CreateDirectory(stores);
        var (code, output) = Tools.Run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", Path.Combine(_work, "ca.key"), "-out", Path.Combine(authorities, privateCa, Logstash.CaKey),
            "-days", "2", "-subj", $"/CN={privateCa} private CA");
        Assert.True(code == 0, output);

        var keytool = new FileInfo(Tools.Find("keytool")!).ResolveLinkTarget(true)?.FullName ?? Tools.Find("keytool")!;
        var jdk = Path.GetDirectoryName(Path.GetDirectoryName(keytool))!;
        var password = Variable(init, "TRUSTSTORE_PASSWORD");
        var environment = new Dictionary<string, string>
        {
            ["JDK_HOME"] = jdk,
            ["CA_DIRECTORY"] = authorities,
            ["TRUSTSTORE_DIRECTORY"] = stores,
            ["TRUSTSTORE_PASSWORD"] = password,
        };
        var (exitCode, log) = Tools.Run(command[0], environment, [.. command.Skip(1)]);
        Assert.True(exitCode == 0, log);

        var withPrivate = List(keytool, Path.Combine(stores, $"{privateCa}.p12"), password);
        var withPublic = List(keytool, Path.Combine(stores, $"{publicCa}.p12"), password);
        Assert.Contains("environment-ca", withPrivate, StringComparison.Ordinal);
        Assert.DoesNotContain("environment-ca", withPublic, StringComparison.Ordinal);

        // Both keep the public roots, so a publicly trusted listener is accepted as well.
        Assert.True(Entries(withPublic) > 50, withPublic);
        Assert.Equal(Entries(withPublic) + 1, Entries(withPrivate));
    }

    /// <summary>The trust-store init container (the template also names ECK's own, for its security context only).</summary>
    private static ObjectValue InitContainer(PipelineObjects objects) =>
        Assert.Single(((ListValue)objects.Single("Logstash").At("spec.podTemplate.spec.initContainers")!).Items.Cast<ObjectValue>(),
            c => c["name"] != new StringValue(Infra.Components.Logstash.EckInitContainerName));

    private static string Variable(ObjectValue container, string name) =>
        Text(((ListValue)container["env"]!).Items.Cast<ObjectValue>().Single(e => Text(e["name"]) == name)["value"]);

    private static string List(string keytool, string store, string password)
    {
        var (code, output) = Tools.Run(keytool, "-list", "-keystore", store, "-storetype", "PKCS12", "-storepass", password);
        Assert.True(code == 0, output);
        return output;
    }

    private static int Entries(string listing)
    {
        var match = System.Text.RegularExpressions.Regex.Match(listing, "Your keystore contains ([0-9]+) entr");
        Assert.True(match.Success, listing);
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
