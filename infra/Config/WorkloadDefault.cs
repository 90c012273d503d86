namespace Infra.Config;

/// <summary>
/// A size or behaviour of a workload that no stack setting exposes, decided by the profile (its
/// <c>workloads</c> section): the sizes that were literals in the components.
/// </summary>
public sealed class WorkloadDefault
{
    private WorkloadDefault(string key, string typeName, string example, string description, Func<string, object?> parse)
    {
        Key = key;
        TypeName = typeName;
        Example = example;
        Description = description;
        Parse = parse;
    }

    public string Key { get; }

    public string TypeName { get; }

    public string Example { get; }

    public string Description { get; }

    /// <summary>The typed value of a file's text, or null when it is not one.</summary>
    internal Func<string, object?> Parse { get; }

    public static readonly WorkloadDefault KibanaCpu = Cpu("kibanaCpu", "CPU request of each Kibana pod");

    public static readonly WorkloadDefault KibanaMemory = Memory("kibanaMemory", "memory request and limit of each Kibana pod");

    public static readonly WorkloadDefault KibanaProxyCpu = Cpu("kibanaProxyCpu", "CPU request of each of Kibana's sign-in proxies (oauth2-proxy)", "50m");

    public static readonly WorkloadDefault KibanaProxyMemoryRequest = Memory("kibanaProxyMemoryRequest", "memory request of each of Kibana's sign-in proxies", "64Mi");

    public static readonly WorkloadDefault KibanaProxyMemoryLimit = Memory("kibanaProxyMemoryLimit", "memory limit of each of Kibana's sign-in proxies", "128Mi");

    public static readonly WorkloadDefault FederationGatewayCpu = Cpu("federationGatewayCpu", "CPU request of each federation gateway pod (nginx)", "50m");

    public static readonly WorkloadDefault FederationGatewayMemoryRequest = Memory("federationGatewayMemoryRequest", "memory request of each federation gateway pod", "64Mi");

    public static readonly WorkloadDefault FederationGatewayMemoryLimit = Memory("federationGatewayMemoryLimit", "memory limit of each federation gateway pod", "128Mi");

    public static readonly WorkloadDefault LogstashHeapFloor = new("logstashHeapFloor", "true or false", "true",
        "whether each Logstash pod's heap is at least 4 GiB (Elastic's recommended least heap for typical ingestion), whatever the pipelines need",
        text => text switch { "true" => true, "false" => false, _ => null });

    /// <summary>Every workload default, in the order of the files.</summary>
    public static IReadOnlyList<WorkloadDefault> All { get; } = [KibanaCpu, KibanaMemory, KibanaProxyCpu, KibanaProxyMemoryRequest, KibanaProxyMemoryLimit, FederationGatewayCpu, FederationGatewayMemoryRequest, FederationGatewayMemoryLimit, LogstashHeapFloor];

    private static WorkloadDefault Cpu(string key, string description, string example = "500m") =>
        new(key, "a positive CPU quantity such as 500m or 1", example, description, text => ProfileCatalog.IsQuantity(text) && !text.EndsWith('i') ? text : null);

    private static WorkloadDefault Memory(string key, string description, string example = "1Gi") =>
        new(key, "a memory quantity such as 512Mi or 1Gi", example, description, text => ProfileCatalog.IsQuantity(text) ? text : null);
}
