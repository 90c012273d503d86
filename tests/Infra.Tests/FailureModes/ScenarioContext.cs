using Infra.Components;
using Infra.Config;

namespace Infra.Tests.FailureModes;

/// <summary>What a scenario's series depend on: the stack whose Prometheus evaluates them, from its own settings.</summary>
public sealed class ScenarioContext
{
    public ScenarioContext(string stackId, CompiledStack compiled)
    {
        StackId = stackId;
        Settings = compiled.Settings;
        Stack = Settings.Stack;
        Role = Settings.Role;
        Profile = Settings.Profile;
        Brokers = Settings.Get(SettingsCatalog.KafkaBrokers);
        Controllers = Settings.Get(SettingsCatalog.KafkaControllers);
        EnvironmentStacks = Role == StackRole.Controlplane ? [.. Settings.Get(SettingsCatalog.Environments).Items] : [];
        ElasticsearchNodes = Role == StackRole.Controlplane ? Settings.Get(SettingsCatalog.ElasticsearchNodes) : 0;
        LogstashReplicas = Role == StackRole.Controlplane ? Settings.Get(SettingsCatalog.LogstashReplicas) : 0;
        ElasticsearchClusterNodes = ElasticsearchNodes + (Infra.Components.Elasticsearch.HasDedicatedMasters(ElasticsearchNodes) ? Infra.Components.Elasticsearch.DedicatedMasters : 0);
        var facts = new EnvironmentFactsSource(Infra.Tests.Support.Stacks.RootOf(stackId));
        PagingEnvironments = EnvironmentStacks.Where(e => facts.For(e).Pages).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The environments whose own stacks page (the controlplane's alerts about them are critical).</summary>
    public IReadOnlySet<string> PagingEnvironments { get; }

    /// <summary>The severity of the controlplane's alerts about an environment's federation.</summary>
    public string FederationSeverity(string environment) => PagingEnvironments.Contains(environment) ? "critical" : "warning";

    /// <summary>The environment the federation scenarios break: the first listed.</summary>
    public string FirstEnvironment => EnvironmentStacks[0];

    public string StackId { get; }

    public StackSettings Settings { get; }

    /// <summary>The Pulumi stack name (Logstash pipelines and federation jobs are named after it).</summary>
    public string Stack { get; }

    public StackRole Role { get; }

    public Profile Profile { get; }

    public int Brokers { get; }

    public int Controllers { get; }

    /// <summary>Every node of the Elasticsearch cluster (data nodes and dedicated masters), as number_of_nodes counts them.</summary>
    public int ElasticsearchClusterNodes { get; }

    public int ElasticsearchNodes { get; }

    /// <summary>The dedicated master-only Elasticsearch nodes (0 when the data nodes are the masters).</summary>
    public int ElasticsearchMasters => Elasticsearch.HasDedicatedMasters(ElasticsearchNodes) ? Elasticsearch.DedicatedMasters : 0;

    public int LogstashReplicas { get; }

    /// <summary>On a controlplane, the environment stacks it federates and reads logs from.</summary>
    public IReadOnlyList<string> EnvironmentStacks { get; }

    /// <summary>Every Logstash pipeline of a controlplane: its own stack's, then one per environment.</summary>
    public IEnumerable<string> Pipelines => EnvironmentStacks.Prepend(Stack);

    /// <summary>
    /// The pipeline that drains the dead-letter queues: on a controlplane it runs on every pod and, with no
    /// refused document, its counters stay flat. The healthy baseline has it, so an alert on an idle pipeline shows.
    /// </summary>
    public IEnumerable<string> IdlePipelines => Role == StackRole.Controlplane ? [Logstash.DeadLetterPipeline] : [];

    /// <summary>Three nodes: enough for the replicated workloads' spread.</summary>
    public IReadOnlyList<string> Nodes { get; } = ["node-a", "node-b", "node-c"];

    /// <summary>An external label of the stack's Prometheus (cluster, environment), empty for any other.</summary>
    public string ExternalLabel(string name) => name switch
    {
        "cluster" => Settings.Cluster,
        "environment" => Settings.Environment,
        _ => string.Empty,
    };

    public IReadOnlyDictionary<string, string> ExternalLabels => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["cluster"] = Settings.Cluster,
        ["environment"] = Settings.Environment,
    };

    public string FederationJob(string environmentStack) => Federation.JobPrefix + environmentStack;

    public static Labels In(string @namespace) => new() { ["namespace"] = @namespace };

    public static Labels Job(string job, string @namespace) => new() { ["job"] = job, ["namespace"] = @namespace };
}
