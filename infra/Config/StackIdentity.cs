using System.Text.RegularExpressions;

namespace Infra.Config;

/// <summary>
/// Who a stack file says the stack is, read leniently (the stack's own compile reports its other problems): its
/// role, its environment label, and the on-call stack it takes its teams from. A line scan of Pulumi's block form
/// (a controlplane of hundreds of environments reads each on every compile); any other form goes through the YAML
/// reader.
/// </summary>
/// <param name="Stack">The stack's name.</param>
/// <param name="Role">Its <c>role</c> (environment when unset).</param>
/// <param name="Environment">Its <c>environment</c> label (the stack name when unset).</param>
/// <param name="TeamsStack">The on-call stack whose teams it serves: <c>teamsStack</c>, else <c>pagerDutyOnCallStack</c>; empty: none.</param>
/// <param name="Cluster">Its <c>cluster</c> label (the stack name when unset), as written: not validated here.</param>
/// <param name="LogTimeZone">Its <c>logTimeZone</c> (UTC when unset), as written: not validated here.</param>
public sealed partial record StackIdentity(string Stack, string Role, string Environment, string TeamsStack, string Cluster, string LogTimeZone)
{
    private static readonly string[] Keys = [SettingsCatalog.Role.Key, SettingsCatalog.EnvironmentLabel.Key, SettingsCatalog.TeamsStack.Key, SettingsCatalog.PagerDutyOnCallStack.Key,
        SettingsCatalog.ClusterLabel.Key, SettingsCatalog.LogTimeZone.Key];

    /// <summary>The identity of a stack without a file (every setting at its default).</summary>
    public static StackIdentity Defaults(string stack) => Of(stack, new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The identity of <c>stacks/Pulumi.&lt;stack&gt;.yaml</c> under <paramref name="root"/>; the defaults when the file does not exist.</summary>
    public static StackIdentity Read(string root, string stack)
    {
        var path = StackFileReader.PathFor(root, stack);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return Of(stack, values);
        }

        var lines = File.ReadAllLines(path);
        if (lines.Any(l => l.StartsWith("config:", StringComparison.Ordinal) && l.Split('#')[0].Trim() != "config:"))
        {
            foreach (var (key, value) in StackFileReader.Read(root, stack).Values.Where(v => Keys.Contains(v.Key, StringComparer.Ordinal)))
            {
                if (value.Scalar is { } scalar)
                {
                    values[key] = scalar;
                }
            }
        }
        else
        {
            foreach (var match in lines.Select(l => IdentityLine().Match(l)).Where(m => m.Success && Keys.Contains(m.Groups["key"].Value, StringComparer.Ordinal)))
            {
                values[match.Groups["key"].Value] = match.Groups["value"].Value.Trim().Trim('"', '\'');
            }
        }

        return Of(stack, values);
    }

    /// <summary>The identities of every stack file under <paramref name="root"/>'s stacks/, by name.</summary>
    public static IReadOnlyList<StackIdentity> All(string root)
    {
        var folder = Path.Combine(root, "stacks");
        return Directory.Exists(folder)
            ? [.. Directory.GetFiles(folder, "Pulumi.*.yaml").Select(f => Path.GetFileName(f)["Pulumi.".Length..^".yaml".Length]).Order(StringComparer.Ordinal).Select(s => Read(root, s))]
            : [];
    }

    private static StackIdentity Of(string stack, Dictionary<string, string> values)
    {
        string Get(string key) => values.TryGetValue(key, out var v) ? v : string.Empty;
        var teams = Get(SettingsCatalog.TeamsStack.Key) is { Length: > 0 } t ? t : Get(SettingsCatalog.PagerDutyOnCallStack.Key);
        return new StackIdentity(stack, Get(SettingsCatalog.Role.Key) is { Length: > 0 } role ? role : "environment",
            Get(SettingsCatalog.EnvironmentLabel.Key) is { Length: > 0 } label ? label : stack, teams,
            Get(SettingsCatalog.ClusterLabel.Key) is { Length: > 0 } cluster ? cluster : stack,
            Get(SettingsCatalog.LogTimeZone.Key) is { Length: > 0 } zone ? zone : "UTC");
    }

    [GeneratedRegex("^[ \\t]+(?<key>observability:[A-Za-z]+):[ \\t]*(?<value>[^#]*)")]
    private static partial Regex IdentityLine();
}
