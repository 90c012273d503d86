using Infra.Emitters;
using Infra.Model;
using Infra.Tests.Support;
using Infra.Yaml;

namespace Infra.Tests;

/// <summary>
/// infra/Yaml/YamlWriter.cs reproduces the output of YamlDotNet's emitter, which it replaced for speed
/// (docs/performance.md): the same bytes for every stack's program and for awkward strings, keys and
/// nestings, in both modes.
/// </summary>
public sealed class YamlWriterEquivalenceTests
{
    public static TheoryData<string> AllStacks() => Stacks.AllData();

    private static readonly YamlMode[] Modes = [YamlMode.PulumiProgram, YamlMode.Document];

    /// <summary>Pieces that change a scalar's style: indicators, quotes, breaks, blanks, non-ASCII and non-printable text.</summary>
    private static readonly string[] Atoms =
    [
        "", " ", "  ", "a", "-", "- a", "?", "? a", ":", ": ", "a: b", "a:b", "#", " #b", "a#b", "'", "a'b", "\"", "\\",
        "\t", "\n", "\n\n", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\0", "\x01", "\x1B", "\x7F", "\xA0", "é", "\uFFFE",
        "\U0001F600", "---", "...", "yes", "1", "0.5", "${x}", "$", "|", ">", "[", "]", "{", "}", "%", "@", "`", "&", "*", "!", ",",
    ];

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void EveryStacksProgramIsWrittenAsYamlDotNetWroteIt(string stack)
    {
        var program = PulumiProgramEmitter.Document(Stacks.Compile(stack).Graph);
        foreach (var mode in Modes)
        {
            AssertSameBytes(program, mode);
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void TheProgramStreamedToAWriterIsTheSameText(string stack)
    {
        var graph = Stacks.Compile(stack).Graph;
        using var streamed = new StringWriter { NewLine = "\n" };
        PulumiProgramEmitter.Emit(graph, streamed);
        Assert.Equal(PulumiProgramEmitter.Emit(graph), streamed.ToString());
    }

    [Fact]
    public void AwkwardStringsAreWrittenAsYamlDotNetWroteThem()
    {
        var strings = Atoms.Concat(Atoms.SelectMany(a => Atoms.Select(b => a + b)))
            .Concat(Atoms.Select(a => $"line one{a}\nline two {a}\n"))
            .Concat(Atoms.Select(a => $"{a}\n  indented\n\n{a}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var mode in Modes)
        {
            foreach (var text in strings)
            {
                AssertSameBytes(ObjectValue.Of(("k", text)), mode);
                AssertSameBytes(new ObjectValue([new(text, new StringValue("v"))]), mode);
                AssertSameBytes(ListValue.Of(text, ListValue.Of(text)), mode);
                AssertSameBytes(new StringValue(text), mode);
            }
        }
    }

    [Fact]
    public void NestingsKeysAndNonStringScalarsAreWrittenAsYamlDotNetWroteThem()
    {
        var reference = new ReferenceValue(new Resource("p", "pulumi:providers:kubernetes", "t", ObjectValue.Empty), "outputs[\"x\"]");
        var values = new Value[]
        {
            ObjectValue.Empty,
            ListValue.Of(),
            ObjectValue.Of(("empty", ObjectValue.Empty), ("none", ListValue.Of()), ("n", 3), ("d", 0.85m), ("b", true), ("z", NullValue.Instance)),
            ListValue.Of(ListValue.Of("a", ListValue.Of("b")), ObjectValue.Of(("k", ListValue.Of(ObjectValue.Of(("x", 1), ("y", ListValue.Of())))))),
            ObjectValue.Of(("list", ListValue.Of(ObjectValue.Empty, ListValue.Of(), "text\n", ObjectValue.Of(("deep", ObjectValue.Of(("deeper", "a\nb"))))))),
            ObjectValue.Of(("ref", reference), ("cfg", new ConfigReferenceValue("observability:key")),
                ("mixed", InterpolatedValue.Of(new StringValue("$a "), new PulumiVariableValue("organization"), new StringValue("\nb")))),
            ObjectValue.Of(("secret", FunctionValue.Secret("s$")), ("other", new FunctionValue("toJSON", ObjectValue.Of(("a", ListValue.Of(1, 2)))))),
            ListValue.Of(FunctionValue.Secret(ObjectValue.Of(("a", "b"))), FunctionValue.Secret(ListValue.Of("c"))),
            new ObjectValue([new(new string('k', 1024), new StringValue("simple key")), new(new string('k', 1025), ObjectValue.Of(("complex", "key")))]),
            new ObjectValue([new("multi\nline key", ListValue.Of("a")), new("multi\nline key 2\n", ObjectValue.Of(("b", 1)))]),
            new NumberValue(-1.5m),
            NullValue.Instance,
        };
        foreach (var mode in Modes)
        {
            foreach (var value in values)
            {
                AssertSameBytes(value, mode);
            }
        }
    }

    private static void AssertSameBytes(Value value, YamlMode mode)
    {
        var expected = YamlDotNetReferenceWriter.Write(value, mode);
        var actual = YamlWriter.Write(value, mode);
        if (expected != actual)
        {
            Assert.Fail($"{mode} output differs from YamlDotNet's for {value}:\n--- YamlDotNet\n{Visible(expected)}\n--- YamlWriter\n{Visible(actual)}");
        }
    }

    private static string Visible(string text) =>
        string.Concat(text.Select(c => c is '\n' or >= ' ' and < '\x7F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
