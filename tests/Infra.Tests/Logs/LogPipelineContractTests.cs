using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Model;
using Infra.Tests.Support;
using static Infra.Tests.Logs.PipelineObjects;

namespace Infra.Tests.Logs;

/// <summary>
/// Contracts between the pieces of the log pipeline, read from the resource graph: the names each
/// client uses are the names the operators create, and each client has exactly the access it needs.
/// </summary>
public sealed partial class LogPipelineContractTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void FluentBitWritesTheTopicThatExistsThroughTheTlsListener(string stack)
    {
        var p = new PipelineObjects(stack);
        var topic = p.Single("KafkaTopic");
        var kafka = p.Single("Kafka");
        Assert.Equal(Text(topic.At("metadata.name")), p.FluentBitOutput("Topics"));
        Assert.Equal(Text(kafka.At("metadata.name")), Text(((ObjectValue)topic.At("metadata.labels")!)["strimzi.io/cluster"]));

        var tls = ((ListValue)kafka.At("spec.kafka.listeners")!).Items.Cast<ObjectValue>().Single(l => Text(l["name"]) == "tls");
        var bootstrap = $"{Text(kafka.At("metadata.name"))}-kafka-bootstrap.{Text(kafka.At("metadata.namespace"))}.svc:{((NumberValue)tls["port"]!).Number}";
        Assert.Equal(bootstrap, p.FluentBitOutput("Brokers"));
        Assert.Equal(new StringValue("scram-sha-512"), tls.At("authentication.type"));
        Assert.Equal("SASL_SSL", p.FluentBitOutput("rdkafka.security.protocol"));
        Assert.Equal("SCRAM-SHA-512", p.FluentBitOutput("rdkafka.sasl.mechanism"));
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EachClientsKafkaUserHasExactlyTheAclsItNeeds(string stack)
    {
        var p = new PipelineObjects(stack);
        var topic = Text(p.Single("KafkaTopic").At("metadata.name"));

        var producer = p.Named("KafkaUser", p.FluentBitOutput("rdkafka.sasl.username"));
        Assert.Equal([$"topic:{topic}:literal:Describe,Write"], Acls(producer));

        var consumer = p.Named("KafkaUser", Kafka.ConsumerUser);
        Assert.Equal([$"group:{Kafka.ConsumerGroupPrefix}:prefix:Read", $"topic:{topic}:literal:Describe,Read"], Acls(consumer));
        Assert.Equal(new StringValue("scram-sha-512"), consumer.At("spec.authentication.type"));
        Assert.Equal(new StringValue(Text(p.Single("Kafka").At("metadata.name"))), ((ObjectValue)consumer.At("metadata.labels")!)["strimzi.io/cluster"]);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheControlplaneConsumesEveryEnvironmentWithItsGroupAndCredentials(string controlplane)
    {
        var p = new PipelineObjects(controlplane);
        var environments = p.Compiled.Settings.Get(SettingsCatalog.Environments).Items;
        var logstash = p.Single("Logstash");
        var pipelines = ((ListValue)logstash.At("spec.pipelines")!).Items.Cast<ObjectValue>()
            .Where(x => Text(x["pipeline.id"]) != Infra.Components.Logstash.DeadLetterPipeline).ToDictionary(x => Text(x["pipeline.id"]));
        Assert.Equal(environments.Append(p.Compiled.Settings.Stack).Order(StringComparer.Ordinal), pipelines.Keys.Order(StringComparer.Ordinal));

        foreach (var environment in environments)
        {
            // The configuration is in a pipelines ConfigMap, at the file the pipeline names (path.config).
            var path = Text(pipelines[environment]["path.config"]);
            var directory = Path.GetFileName(Path.GetDirectoryName(path))!;
            var map = p.Compiled.Graph[$"{Logstash.PipelinesConfigMap(int.Parse(directory, System.Globalization.CultureInfo.InvariantCulture))}-configmap"];
            Assert.NotNull(((ObjectValue)map.Properties["data"]!)[Path.GetFileName(path)]);
            var text = p.Pipeline(environment);
            Assert.Contains($"bootstrap_servers => \"${{{Logstash.BootstrapVariable(environment)}}}\"", text, StringComparison.Ordinal);
            Assert.Contains($"group_id => \"{Kafka.ConsumerGroupPrefix}{environment}\"", text, StringComparison.Ordinal);
            Assert.Contains($"username='{Kafka.ConsumerUser}' password='${{{Logstash.PasswordVariable(environment)}}}'", text, StringComparison.Ordinal);
            Assert.Contains("topics => [\"logs\"]", text, StringComparison.Ordinal);

            // The password variable comes from a Secret filled from the environment's secret output.
            var secret = p.Compiled.Graph[$"logstash-kafka-{environment}-secret"];
            var password = Assert.IsType<ReferenceValue>(secret.Properties.At("stringData.password"));
            Assert.Equal(($"environment-{environment}", $"outputs.{EnvironmentOutputs.KafkaConsumerPassword}"), (password.Target.Name, password.Path));
            var env = ((ListValue)((ObjectValue)((ListValue)logstash.At("spec.podTemplate.spec.containers")!).Items[0])["env"]!).Items.Cast<ObjectValue>();
            Assert.Contains(env, e => Text(e["name"]) == Logstash.PasswordVariable(environment)
                && Text(e.At("valueFrom.secretKeyRef.name")) == Text(secret.Properties.At("metadata.name")));

            // So does the bootstrap address: the environment's output, as data in the Secret, never in the pipeline's text.
            var bootstrap = Assert.IsType<ReferenceValue>(secret.Properties.At($"stringData.{Logstash.BootstrapKey}"));
            Assert.Equal(($"environment-{environment}", $"outputs.{EnvironmentOutputs.KafkaBootstrap}"), (bootstrap.Target.Name, bootstrap.Path));
            Assert.Contains(env, e => Text(e["name"]) == Logstash.BootstrapVariable(environment)
                && Text(e.At("valueFrom.secretKeyRef.name")) == Text(secret.Properties.At("metadata.name"))
                && Text(e.At("valueFrom.secretKeyRef.key")) == Logstash.BootstrapKey);
        }
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void ElasticsearchClientsUseTheServiceAndSecretsEckCreates(string controlplane)
    {
        var p = new PipelineObjects(controlplane);
        var es = p.Single("Elasticsearch");
        var name = Text(es.At("metadata.name"));
        var ns = Text(es.At("metadata.namespace"));
        var service = $"https://{name}-es-http.{ns}.svc:9200";

        Assert.Equal(new StringValue(service), GraphTests.ChartValues(p.Compiled, "elasticsearch-exporter").At("es.uri"));
        var provisioning = (ObjectValue)((ObjectValue)GraphTests.ChartValues(p.Compiled, Grafana.ReleaseName)["datasources"]!)["datasources.yaml"]!;
        var datasources = (ListValue)provisioning["datasources"]!;
        Assert.Contains(datasources.Items.Cast<ObjectValue>(), d => d["url"] == new StringValue(service));
        Assert.Contains($"ES={service}", p.Compiled.Graph.Documents.Single(d => d.Path == "elasticsearch/setup/setup.sh").Content, StringComparison.Ordinal);

        var reference = (ObjectValue)((ListValue)p.Single("Logstash").At("spec.elasticsearchRefs")!).Items.Single();
        Assert.Equal((name, ns), (Text(reference["name"]), Text(reference["namespace"])));
        Assert.Equal(new StringValue(name), p.Single("Kibana").At("spec.elasticsearchRef.name"));
        Assert.Equal(new StringValue($"{name}-es-http-certs-public"), ((ObjectValue)((ListValue)GraphTests.ChartValues(p.Compiled, "elasticsearch-exporter")["secretMounts"]!).Items[0])["secretName"]);
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void SnapshotBucketRoleAndServiceAccountLineUp(string controlplane)
    {
        var p = new PipelineObjects(controlplane);
        var graph = p.Compiled.Graph;
        var bucket = graph["snapshot-bucket"];
        var role = graph["snapshot-role"];
        var account = graph["snapshot-service-account"];
        var es = p.Single("Elasticsearch");

        // The role may write exactly that bucket.
        var policy = (InterpolatedValue)graph["snapshot-role-policy"].Properties["policy"]!;
        Assert.All(policy.Parts.OfType<ReferenceValue>(), r => Assert.Equal((bucket, "arn"), (r.Target, r.Path)));
        Assert.Same(role, ((ReferenceValue)graph["snapshot-role-policy"].Properties["role"]!).Target);

        // Only Elasticsearch's service account may assume it, through the configured OIDC provider.
        var trust = ((StringValue)role.Properties["assumeRolePolicy"]!).Text;
        var accountName = Text(account.Properties.At("metadata.name"));
        var accountNamespace = Text(account.Properties.At("metadata.namespace"));
        Assert.Contains($":sub\":\"system:serviceaccount:{accountNamespace}:{accountName}\"", trust, StringComparison.Ordinal);
        Assert.Contains(p.Compiled.Settings.Get(SettingsCatalog.EksOidcProviderArn), trust, StringComparison.Ordinal);
        Assert.Equal((role, "arn"), Pair(account.Properties.At("metadata.annotations")!, "eks.amazonaws.com/role-arn"));
        Assert.Equal(accountNamespace, Text(es.At("metadata.namespace")));
        Assert.Equal(new StringValue(accountName), ((ObjectValue)((ListValue)es.At("spec.nodeSets")!).Items[0]).At("podTemplate.spec.serviceAccountName"));

        // The snapshot repository points at the bucket; the bucket is private, versioned and encrypted.
        var repository = (InterpolatedValue)((ObjectValue)graph["elasticsearch-setup-input"].Properties["data"]!)["repository.json"]!;
        Assert.Contains(repository.Parts, r => r is ReferenceValue reference && reference.Target == bucket && reference.Path == "bucket");
        Assert.Equal(new StringValue("Enabled"), graph["snapshot-bucket-versioning"].Properties.At("versioningConfiguration.status"));
        Assert.All(new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" },
            k => Assert.Equal(new BoolValue(true), graph["snapshot-bucket-public-access-block"].Properties[k]));
        Assert.NotNull(graph["snapshot-bucket-encryption"].Properties["rules"]);
        Assert.NotNull(graph["snapshot-bucket-lifecycle"].Properties["rules"]);
        Assert.True(bucket.Options.Protect);
    }

    private static (Resource, string?) Pair(Value annotations, string key)
    {
        var reference = (ReferenceValue)((ObjectValue)annotations)[key]!;
        return (reference.Target, reference.Path);
    }

    private static List<string> Acls(ObjectValue user) => ((ListValue)user.At("spec.authorization.acls")!).Items.Cast<ObjectValue>()
        .Select(a => $"{Text(a.At("resource.type"))}:{Text(a.At("resource.name"))}:{Text(a.At("resource.patternType"))}:{string.Join(",", ((ListValue)a["operations"]!).Items.Select(Text).Order(StringComparer.Ordinal))}")
        .Order(StringComparer.Ordinal)
        .ToList();
}
