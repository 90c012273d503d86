using Infra.Model;
using Infra.Yaml;

namespace Infra.Tests;

/// <summary>The YAML writer: Pulumi escaping, quoting of ambiguous strings, determinism.</summary>
public sealed class YamlWriterTests
{
    [Theory]
    [InlineData("replacement: ${1}:9100", "replacement: $${1}:9100")]
    [InlineData("$HOSTNAME and ${HOSTNAME}", "$$HOSTNAME and $${HOSTNAME}")]
    [InlineData("cost $$", "cost $$$$")]
    [InlineData("{{ $labels.instance }}", "{{ $$labels.instance }}")]
    public void EveryLiteralDollarIsDoubledInAProgram(string literal, string expected)
    {
        Assert.Equal(expected, YamlWriter.EscapeForPulumi(literal));
        var yaml = YamlWriter.Write(ObjectValue.Of(("k", literal)), YamlMode.PulumiProgram);
        var parsed = (ObjectValue)YamlValueReader.Parse(yaml);
        Assert.Equal(new StringValue(expected), parsed["k"]);
    }

    [Fact]
    public void KeysAreEscapedToo()
    {
        var yaml = YamlWriter.Write(ObjectValue.Of(("labels", ObjectValue.Of(("a$b", "x")))), YamlMode.PulumiProgram);
        Assert.Contains("a$$b:", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferencesAreNotEscaped()
    {
        var provider = new Resource("p", "pulumi:providers:kubernetes", "t", ObjectValue.Empty);
        var yaml = YamlWriter.Write(ObjectValue.Of(
            ("ref", new ReferenceValue(provider, "outputs[\"x\"]")),
            ("cfg", new ConfigReferenceValue("observability:slackWebhookUrl")),
            ("mixed", InterpolatedValue.Of(new StringValue("$literal/"), new PulumiVariableValue("organization")))), YamlMode.PulumiProgram);
        Assert.Contains("ref: ${p.outputs[\"x\"]}", yaml, StringComparison.Ordinal);
        Assert.Contains("cfg: ${observability:slackWebhookUrl}", yaml, StringComparison.Ordinal);
        Assert.Contains("mixed: $$literal/${pulumi.organization}", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void DocumentsKeepDollarsAsTheyAre()
    {
        var yaml = YamlWriter.Write(ObjectValue.Of(("k", "${HOSTNAME}")), YamlMode.Document);
        Assert.Equal(new StringValue("${HOSTNAME}"), ((ObjectValue)YamlValueReader.Parse(yaml))["k"]);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("No")]
    [InlineData("on")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("~")]
    [InlineData("")]
    [InlineData("1.0")]
    [InlineData("0123")]
    [InlineData("4.32.0")]
    [InlineData("-1")]
    [InlineData(".5")]
    [InlineData("2026-01-01")]
    [InlineData("1e3")]
    [InlineData(" leading space")]
    [InlineData("a: b")]
    [InlineData("#not a comment")]
    [InlineData("[not, a, list]")]
    [InlineData("line one\nline two\n")]
    [InlineData("trailing spaces  \nnext")]
    [InlineData("severity =~ \"warning|info\"")]
    public void StringsRoundTripAsStrings(string text)
    {
        foreach (var mode in new[] { YamlMode.Document, YamlMode.PulumiProgram })
        {
            var yaml = YamlWriter.Write(ObjectValue.Of(("k", text)), mode);
            var parsed = (ObjectValue)YamlValueReader.Parse(yaml);
            Assert.Equal(new StringValue(text), parsed["k"]);
        }
    }

    [Fact]
    public void ScalarsKeepTheirTypes()
    {
        var value = ObjectValue.Of(("n", 3), ("b", false), ("z", NullValue.Instance), ("d", 0.85m));
        var parsed = (ObjectValue)YamlValueReader.Parse(YamlWriter.Write(value, YamlMode.Document));
        Assert.Equal(new NumberValue(3), parsed["n"]);
        Assert.Equal(new BoolValue(false), parsed["b"]);
        Assert.Equal(NullValue.Instance, parsed["z"]);
        Assert.Equal(new NumberValue(0.85m), parsed["d"]);
    }

    [Fact]
    public void MultiLineTextIsALiteralBlock()
    {
        var yaml = YamlWriter.Write(ObjectValue.Of(("conf", "[SERVICE]\n    Flush 1\n")), YamlMode.Document);
        Assert.Contains("conf: |", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputIsDeterministicAndKeepsKeyOrder()
    {
        var value = ObjectValue.Of(("zeta", 1), ("alpha", ListValue.Of("b", "a")), ("mid", ObjectValue.Of(("y", 1), ("x", 2))));
        var first = YamlWriter.Write(value, YamlMode.PulumiProgram);
        Assert.Equal(first, YamlWriter.Write(value, YamlMode.PulumiProgram));
        Assert.True(first.IndexOf("zeta", StringComparison.Ordinal) < first.IndexOf("alpha", StringComparison.Ordinal));
        Assert.True(first.IndexOf("y:", StringComparison.Ordinal) < first.IndexOf("x:", StringComparison.Ordinal));
    }
}
