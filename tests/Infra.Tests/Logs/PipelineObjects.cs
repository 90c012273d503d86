using Infra.Model;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>Typed lookups into a compiled stack's log pipeline, for the contract tests.</summary>
public sealed class PipelineObjects
{
    public PipelineObjects(string stack)
    {
        Compiled = Stacks.Compile(stack);
    }

    public CompiledStack Compiled { get; }

    public IEnumerable<ObjectValue> CustomResources(string kind) => Compiled.Graph.Resources
        .Where(r => r.Type == "kubernetes:yaml/v2:ConfigGroup")
        .SelectMany(r => ((ListValue)r.Properties["objs"]!).Items.Cast<ObjectValue>())
        .Where(o => o["kind"] == new StringValue(kind));

    public ObjectValue Single(string kind) => Assert.Single(CustomResources(kind));

    public ObjectValue Named(string kind, string name) => Assert.Single(CustomResources(kind), o => Text(o.At("metadata.name")) == name);

    public string FluentBitConfig => Compiled.Graph.Documents.Single(d => d.Path == "fluent-bit/fluent-bit.conf").Content;

    public string Pipeline(string stack) => Compiled.Graph.Documents.Single(d => d.Path == $"logstash/pipelines/{stack}.conf").Content;

    /// <summary>The value of a Fluent Bit option inside the [OUTPUT] section.</summary>
    public string FluentBitOutput(string option) => FluentBitOption("[OUTPUT]", option);

    /// <summary>The value of a Fluent Bit option inside the [INPUT] section.</summary>
    public string FluentBitInput(string option) => FluentBitOption("[INPUT]", option);

    /// <summary>The value of a Fluent Bit option inside the [SERVICE] section.</summary>
    public string FluentBitService(string option) => FluentBitOption("[SERVICE]", option);

    /// <summary>The one line of a section (up to the next section) setting the option.</summary>
    private string FluentBitOption(string section, string option)
    {
        var start = FluentBitConfig.IndexOf(section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"fluent-bit.conf has no {section} section");
        var end = FluentBitConfig.IndexOf("\n[", start + 1, StringComparison.Ordinal);
        var body = FluentBitConfig[start..(end < 0 ? FluentBitConfig.Length : end)];
        var line = body.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(option + " ", StringComparison.Ordinal));
        return line[(option.Length + 1)..].Trim();
    }

    public static string Text(Value? value) => value is StringValue s ? s.Text : throw new InvalidOperationException($"not a string: {value}");
}
