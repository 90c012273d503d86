using Infra.Model;

namespace Infra.Tests;

/// <summary>Each structural check of <see cref="GraphValidator"/> fires on a graph that breaks it.</summary>
public sealed class GraphValidatorTests
{
    private readonly ResourceGraph _graph = new("test", "test");
    private readonly Resource _provider;

    public GraphValidatorTests()
    {
        _provider = _graph.Add(new Resource("kubernetes-provider", "pulumi:providers:kubernetes", "t", ObjectValue.Empty));
    }

    [Fact]
    public void AValidGraphHasNoProblems()
    {
        var ns = Kubernetes("ns", "kubernetes:core/v1:Namespace");
        Kubernetes("secret", "kubernetes:core/v1:Secret", ObjectValue.Of(("metadata", ObjectValue.Of(("namespace", new ReferenceValue(ns, "metadata.name"))))));
        Assert.Empty(GraphValidator.Validate(_graph));
    }

    [Fact]
    public void DuplicateNamesAreReported()
    {
        Kubernetes("same", "kubernetes:core/v1:Namespace");
        Kubernetes("same", "kubernetes:core/v1:Secret");
        Assert.Contains(GraphValidator.Validate(_graph), p => p.Contains("duplicate resource name 'same'", StringComparison.Ordinal));
    }

    [Fact]
    public void DanglingReferencesAreReported()
    {
        var outside = new Resource("ghost", "kubernetes:core/v1:Namespace", "t", ObjectValue.Empty);
        Kubernetes("secret", "kubernetes:core/v1:Secret", ObjectValue.Of(("x", new ReferenceValue(outside))));
        Assert.Contains(GraphValidator.Validate(_graph), p => p.Contains("refers to 'ghost'", StringComparison.Ordinal));
    }

    [Fact]
    public void CyclesAreReported()
    {
        var a = Kubernetes("a", "kubernetes:core/v1:Namespace");
        var b = Kubernetes("b", "kubernetes:core/v1:Namespace");
        a.Options.DependsOn.Add(b);
        b.Options.DependsOn.Add(a);
        Assert.Contains(GraphValidator.Validate(_graph), p => p.StartsWith("dependency cycle: ", StringComparison.Ordinal));
    }

    [Fact]
    public void CustomResourcesWithoutTheirOperatorAreReported()
    {
        var group = Kubernetes("crs", "kubernetes:yaml/v2:ConfigGroup");
        group.RequiresApiGroups.Add("kafka.strimzi.io");
        Assert.Contains(GraphValidator.Validate(_graph), p => p.Contains("kafka.strimzi.io", StringComparison.Ordinal));

        var chart = Kubernetes("operator", "kubernetes:helm.sh/v4:Chart");
        chart.ProvidesApiGroups.Add("kafka.strimzi.io");
        group.Options.DependsOn.Add(chart);
        Assert.Empty(GraphValidator.Validate(_graph));
    }

    [Fact]
    public void ResourcesWithoutTheExplicitProviderOrWithAnotherVersionAreReported()
    {
        var orphan = _graph.Add(new Resource("orphan", "kubernetes:core/v1:Namespace", "t", ObjectValue.Empty));
        Assert.Contains(GraphValidator.Validate(_graph), p => p.Contains("'orphan' has no explicit provider", StringComparison.Ordinal));
        orphan.Options.Provider = _provider;
        orphan.Options.Version = "1.0.0";
        Assert.Contains(GraphValidator.Validate(_graph), p => p.Contains("pinned to", StringComparison.Ordinal));
    }

    private Resource Kubernetes(string name, string type, ObjectValue? properties = null)
    {
        var resource = new Resource(name, type, "t", properties ?? ObjectValue.Empty);
        resource.Options.Provider = _provider;
        return _graph.Add(resource);
    }
}
