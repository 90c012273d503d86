using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Logs;

/// <summary>
/// The timestamp and label behaviour of docs/log-pipeline.md, specified by examples, checked against the
/// rendered Fluent Bit and Logstash configuration (and, for the label filter, by running it in Lua).
/// </summary>
public sealed partial class TimestampAndLabelTests
{
    /// <summary>
    /// (an environment's logTimeZone, application line, expected @timestamp in UTC); documented in
    /// docs/log-pipeline.md, where production has Europe/Berlin and development the default, UTC.
    /// </summary>
    public static TheoryData<string, string, string> Examples() => new()
    {
        // An environment whose applications log local time in Europe/Berlin.
        { "Europe/Berlin", "{\"time\":\"2026-11-25T10:00:00+01:00\",\"msg\":\"with an offset: the offset wins\"}", "2026-11-25T09:00:00.000Z" },
        { "Europe/Berlin", "{\"time\":\"2026-11-25 10:00:00\",\"msg\":\"no offset: the environment's zone applies (CET, +1)\"}", "2026-11-25T09:00:00.000Z" },
        { "Europe/Berlin", "{\"timestamp\":\"2026-07-01 10:00:00.250\",\"msg\":\"summer time (CEST, +2)\"}", "2026-07-01T08:00:00.250Z" },
        { "Europe/Berlin", "{\"ts\":\"2026-07-01T10:00:00.123Z\",\"msg\":\"UTC with Z\"}", "2026-07-01T10:00:00.123Z" },
        // One that keeps the default zone, UTC.
        { "UTC", "{\"time\":\"2026-11-25 10:00:00\",\"msg\":\"no offset, UTC zone\"}", "2026-11-25T10:00:00.000Z" },
        { "UTC", "{\"time\":\"2026-11-25T10:00:00-05:00\",\"msg\":\"another zone's offset\"}", "2026-11-25T15:00:00.000Z" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void LogstashSetsTimestampFromTheApplicationsTimeInTheEnvironmentsZone(string zone, string line, string expectedUtc)
    {
        var (field, value) = TimeField(line);
        var logstashField = $"[app][{field}]";
        Assert.Contains(logstashField, Logstash.TimeFields);
        var format = Logstash.TimeFormats.First(f => Matches(f, value));
        foreach (var controlplane in Stacks.AtLeastOne(StackRole.Controlplane))
        {
            foreach (var environment in Stacks.EnvironmentsOf(controlplane))
            {
                // The line is JSON: the pipeline parses "log" into [app].
                var pipeline = new PipelineObjects(controlplane).Pipeline(Stacks.NameOf(environment));
                Assert.Contains("json {\n      source => \"log\"\n      target => \"app\"", pipeline, StringComparison.Ordinal);

                // That field has a date block whose formats include one matching the value, with the environment's
                // zone (from its stack file, validated there: never its stack output) for values without an offset, and
                // @timestamp as target.
                var block = DateBlock(pipeline, logstashField);
                Assert.Contains($"\"{format}\"", block, StringComparison.Ordinal);
                Assert.Contains($"timezone => \"{Stacks.Compile(environment).Settings.Get(SettingsCatalog.LogTimeZone)}\"", block, StringComparison.Ordinal);
                Assert.Contains("target => \"@timestamp\"", block, StringComparison.Ordinal);
                var exported = Stacks.Compile(environment).Graph.Outputs.Single(o => o.Name == EnvironmentOutputs.LogTimeZone).Value;
                Assert.Equal(Stacks.Compile(environment).Settings.Get(SettingsCatalog.LogTimeZone), exported is Infra.Model.StringValue s ? s.Text : null);
            }
        }

        // And the example's arithmetic is right for that zone. This is the test's own model of the date
        // filter (Joda patterns applied with .NET's time-zone data), not Logstash itself: no Logstash runs
        // here, so the rendered configuration above is what is proven, the conversion only illustrated.
        Assert.Equal(expectedUtc, ToUtc(value, format, zone));
    }

    [Theory]
    [MemberData(nameof(Controlplanes))]
    public void TheControlplanesOwnLogsUseItsOwnZoneAndPlainTextKeepsTheCollectionTime(string controlplane)
    {
        var p = new PipelineObjects(controlplane);
        var own = p.Pipeline(p.Compiled.Settings.Stack);
        Assert.Contains($"timezone => \"{p.Compiled.Settings.Get(SettingsCatalog.LogTimeZone)}\"", own, StringComparison.Ordinal);

        // Fluent Bit stamps every record with its collection time in UTC; non-JSON lines keep it.
        Assert.Equal("@timestamp", p.FluentBitOutput("Timestamp_Key"));
        Assert.Equal("iso8601_ns", p.FluentBitOutput("Timestamp_Format"));
        Assert.Contains("skip_on_invalid_json => true", own, StringComparison.Ordinal);
        Assert.Contains("if [log] =~ /^\\s*\\{/", own, StringComparison.Ordinal);
    }

    public static TheoryData<string> Controlplanes() => Stacks.Data(StackRole.Controlplane);

    public static TheoryData<string> AllStacks() => Stacks.AllData();

    [ToolFact("lua5.4", "lua5.4")]
    public void LabelKeysAreDeDottedSoAppAndAppKubernetesIoNameCannotCollide()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"infra-lua-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var script = Path.Combine(directory, "dedot.lua");
            File.WriteAllText(script, Stacks.Compile(Stacks.First(null)).Graph.Documents.Single(d => d.Path == "fluent-bit/dedot.lua").Content);
            var harness = Path.Combine(directory, "harness.lua");
            File.WriteAllText(harness, """
                dofile(arg[1])
                local record = { log = "hello", kubernetes = { pod_name = "web-1", labels = {
                  app = "web", ["app.kubernetes.io/name"] = "web-frontend", team = "payments" } } }
                local code, _, out = dedot("kube.web", 0, record)
                print("code " .. code)
                local keys = {}
                for key, value in pairs(out.kubernetes.labels) do keys[#keys + 1] = key .. "=" .. value end
                table.sort(keys)
                for _, entry in ipairs(keys) do print(entry) end
                print("pod " .. out.kubernetes.pod_name)
                print("untouched " .. (dedot("kube.x", 0, { log = "no metadata" })))
                """);
            var (code, output) = Tools.Run("lua5.4", harness, script);
            Assert.True(code == 0, output);
            Assert.Equal(
                "code 2\napp=web\napp_kubernetes_io/name=web-frontend\nteam=payments\npod web-1\nuntouched 0\n",
                output.Replace("\r", string.Empty, StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Theory]
    [MemberData(nameof(AllStacks))]
    public void FluentBitRunsTheDedotFilterAfterTheKubernetesMetadata(string stack)
    {
        var config = new PipelineObjects(stack).FluentBitConfig;
        var kubernetes = config.IndexOf("Name kubernetes", StringComparison.Ordinal);
        var lua = config.IndexOf("Name lua", StringComparison.Ordinal);
        Assert.True(kubernetes >= 0 && lua > kubernetes, "the Lua filter must follow the kubernetes filter");
        Assert.Contains("call dedot", config, StringComparison.Ordinal);
        Assert.Contains("Merge_Log Off", config, StringComparison.Ordinal);
    }

    private static (string Field, string Value) TimeField(string line)
    {
        using var json = System.Text.Json.JsonDocument.Parse(line);
        var property = json.RootElement.EnumerateObject().First(p => p.Name is "time" or "timestamp" or "ts" or "@timestamp");
        return (property.Name, property.Value.GetString()!);
    }

    private static string DateBlock(string pipeline, string field)
    {
        var start = pipeline.IndexOf($"match => [\"{field}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no date block for {field}");
        return pipeline[start..pipeline.IndexOf("tag_on_failure", start, StringComparison.Ordinal)];
    }

    private static bool Matches(string format, string value) => format switch
    {
        "ISO8601" => Iso8601().IsMatch(value),
        "yyyy-MM-dd HH:mm:ss.SSSZZ" => SpaceWithOffset().IsMatch(value),
        "yyyy-MM-dd HH:mm:ss.SSS" => SpaceMillis().IsMatch(value),
        "yyyy-MM-dd HH:mm:ss" => Space().IsMatch(value),
        _ => false,
    };

    /// <summary>Logstash's semantics: an explicit offset wins; otherwise the value is wall time in the zone.</summary>
    private static string ToUtc(string value, string format, string zone)
    {
        DateTime utc;
        if (format == "ISO8601")
        {
            utc = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).UtcDateTime;
            if (!HasOffset().IsMatch(value))
            {
                utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(DateTime.Parse(value, CultureInfo.InvariantCulture), DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById(zone));
            }
        }
        else
        {
            var local = DateTime.ParseExact(value, format == "yyyy-MM-dd HH:mm:ss" ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
            utc = TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.FindSystemTimeZoneById(zone));
        }

        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d:?\\d\\d)?$")]
    private static partial Regex Iso8601();

    [GeneratedRegex("(Z|[+-]\\d\\d:?\\d\\d)$")]
    private static partial Regex HasOffset();

    [GeneratedRegex("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d$")]
    private static partial Regex SpaceWithOffset();

    [GeneratedRegex("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}$")]
    private static partial Regex SpaceMillis();

    [GeneratedRegex("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$")]
    private static partial Regex Space();
}
