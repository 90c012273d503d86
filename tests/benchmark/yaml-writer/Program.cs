using System.Diagnostics;
using System.Text.Json;
using Infra;
using Infra.Config;
using Infra.Emitters;
using Infra.Tests.Support;
using Infra.Yaml;
using YamlDotNet.RepresentationModel;

// The controlplane federating N synthetic environments (as tests/benchmark/compile-benchmark.sh builds it), its
// program as a value tree, then each writer timed on that tree: warm-up, then the median of many runs, and the
// bytes allocated per run. Both must write the same text (YamlWriterEquivalenceTests holds them to it too).
var root = Path.GetFullPath(args.Length > 0 ? args[0] : ".");
var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
var runs = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 30;

var fleet = Directory.CreateTempSubdirectory("yaml-writer-benchmark-").FullName;
try
{
    File.Copy(Path.Combine(root, "Pulumi.yaml"), Path.Combine(fleet, "Pulumi.yaml"));
    CopyTree(Path.Combine(root, "charts-values"), Path.Combine(fleet, "charts-values"));
    Directory.CreateDirectory(Path.Combine(fleet, "stacks"));
    foreach (var file in Directory.GetFiles(Path.Combine(root, "stacks"), "Pulumi.*.yaml"))
    {
        File.Copy(file, Path.Combine(fleet, "stacks", Path.GetFileName(file)));
    }

    var stackFiles = Directory.GetFiles(Path.Combine(root, "stacks"), "Pulumi.*.yaml").Order(StringComparer.Ordinal).ToList();
    var template = stackFiles.First(f => File.ReadAllText(f).Contains("  observability:profile: development\n", StringComparison.Ordinal)
        && !File.ReadAllText(f).Contains("  observability:role: controlplane\n", StringComparison.Ordinal) && !File.ReadAllText(f).Contains("  observability:role: oncall\n", StringComparison.Ordinal));
    var controlplane = stackFiles.First(f => File.ReadAllText(f).Contains("  observability:role: controlplane\n", StringComparison.Ordinal));
    var names = Enumerable.Range(1, count).Select(i => $"env-{i:000}").ToList();
    foreach (var name in names)
    {
        var lines = File.ReadAllLines(template).Select(line => line switch
        {
            _ when line.StartsWith("  observability:environment:", StringComparison.Ordinal) => $"  observability:environment: {name}",
            _ when line.StartsWith("  observability:cluster:", StringComparison.Ordinal) => $"  observability:cluster: {name}",
            _ when line.StartsWith("  observability:kubeContext:", StringComparison.Ordinal) => $"  observability:kubeContext: {name}",
            _ when line.StartsWith("  observability:kafkaExternalHost:", StringComparison.Ordinal) => $"  observability:kafkaExternalHost: kafka.{name}.example.com",
            _ when line.StartsWith("  observability:federationHost:", StringComparison.Ordinal) => $"  observability:federationHost: prometheus.{name}.example.com",
            _ when line.StartsWith("  observability:slackChannel:", StringComparison.Ordinal) => $"  observability:slackChannel: \"#alerts-{name}\"",
            _ => line,
        });
        File.WriteAllLines(Path.Combine(fleet, "stacks", $"Pulumi.{name}.yaml"), lines);
    }

    // The controlplane's config as Pulumi passes it, with the settings that grow with the fleet raised as the compile benchmark does.
    var stream = new YamlStream();
    stream.Load(new StringReader(File.ReadAllText(controlplane)));
    var config = (YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("config")];
    var values = config.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!,
        e => e.Value is YamlScalarNode s ? s.Value ?? string.Empty : JsonText.Of(YamlValueReader.Convert(e.Value)), StringComparer.Ordinal);
    values[SettingsCatalog.SlackWebhookUrl.Key] = "https://hooks.slack.invalid/benchmark";
    values[SettingsCatalog.PagerDutyRoutingKey.Key] = "benchmark-placeholder";
    values[SettingsCatalog.GrafanaOidcClientSecret.Key] = "benchmark-placeholder";
    values["observability:environments"] = JsonSerializer.Serialize(names);
    values["observability:logstashStorageSize"] = $"{(((count + 1) * 256) + 1023) / 1024 + 2}Gi";
    values["observability:elasticsearchNodes"] = Math.Max(6, (((count + 1) * 12) + 100 + 999) / 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
    values["observability:logstashMemory"] = $"{Math.Max(2048, ((2 * (512 + (8 * (count + 1))) + 511) / 512) * 512)}Mi";
    values["observability:logCapacityShortfallAcknowledged"] = "true";
    var stack = Path.GetFileNameWithoutExtension(controlplane)["Pulumi.".Length..];
    var compiled = StackCompiler.Compile(PulumiConfigReader.Read(stack, JsonSerializer.Serialize(values)), fleet, fromStackFile: false);
    var program = PulumiProgramEmitter.Document(compiled.Graph);

    var ours = YamlWriter.Write(program, YamlMode.PulumiProgram);
    var theirs = YamlDotNetReferenceWriter.Write(program, YamlMode.PulumiProgram);
    if (ours != theirs || !ours.Contains(names[^1], StringComparison.Ordinal))
    {
        Console.Error.WriteLine("the writers disagree, or the program does not federate the last environment");
        return 1;
    }

    Console.WriteLine($"controlplane with {count} environments: {ours.Length / 1024.0 / 1024:F1} MiB of YAML, {runs} runs after {Math.Max(3, runs / 5)} warm-up runs");
    Console.WriteLine("| writer | median | min | allocated per run |");
    Console.WriteLine("| --- | ---: | ---: | ---: |");
    foreach (var (label, write) in new (string, Func<string>)[]
    {
        ("infra/Yaml/YamlWriter", () => YamlWriter.Write(program, YamlMode.PulumiProgram)),
        ("YamlDotNet 18.1.0 emitter", () => YamlDotNetReferenceWriter.Write(program, YamlMode.PulumiProgram)),
    })
    {
        for (var i = 0; i < Math.Max(3, runs / 5); i++)
        {
            write();
        }

        var times = new List<double>();
        var bytes = new List<long>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            write();
            times.Add(clock.Elapsed.TotalMilliseconds);
            bytes.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        times.Sort();
        bytes.Sort();
        Console.WriteLine($"| {label} | {times[runs / 2]:F1} ms | {times[0]:F1} ms | {bytes[runs / 2] / 1024.0 / 1024:F1} MiB |");
    }

    return 0;
}
finally
{
    Directory.Delete(fleet, recursive: true);
}

static void CopyTree(string from, string to)
{
    Directory.CreateDirectory(to);
    foreach (var file in Directory.GetFiles(from))
    {
        File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    foreach (var directory in Directory.GetDirectories(from))
    {
        CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
