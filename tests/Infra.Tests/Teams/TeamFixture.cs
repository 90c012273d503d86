using System.Text.Json;
using Infra.Components.Teams;
using Infra.Config;
using Infra.Tests.Support;

namespace Infra.Tests.Teams;

/// <summary>
/// Teams for the tests that must not depend on the sample stacks' one team: two synthetic teams on every
/// environment (one pages, one does not), and a cluster stack compiled with them.
/// </summary>
public static class TeamFixture
{
    /// <summary>Parses a teams value as the setting does; throws with the parser's message when invalid.</summary>
    public static TeamList Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (teams, error) = TeamsParser.Parse(document.RootElement);
        return teams ?? throw new InvalidOperationException(error);
    }

    /// <summary>Team "alpha" (two namespaces, an escalation policy) and team "beta" (one namespace, no policy) in <paramref name="environment"/>.</summary>
    public static TeamList Two(string environment) => Parse(
        "[{\"name\": \"alpha\", \"slackChannel\": \"#alpha-alerts\", \"escalationPolicy\": \"alpha\", \"namespaces\": {\"" + environment + "\": [\"alpha-db\", \"alpha-api\"]}},"
        + " {\"name\": \"beta\", \"slackChannel\": \"#beta-alerts\", \"namespaces\": {\"" + environment + "\": [\"beta\"]}, \"logRetentionDays\": 7}]");

    /// <summary>A cluster stack compiled with <paramref name="teams"/> (the config Pulumi would pass, with overrides).</summary>
    public static CompiledStack Compile(string id, TeamList teams, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var values = StackConfigJson.Values(id);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return StackCompiler.Compile(PulumiConfigReader.Read(Stacks.NameOf(id), JsonSerializer.Serialize(values)), Stacks.RootOf(id), fromStackFile: false, teams: TeamsSource.Of(teams));
    }

    /// <summary>The teams a stack of the repository serves (its on-call stack's).</summary>
    public static TeamList Of(string id) => new TeamsSource(Stacks.RootOf(id)).For(Stacks.SettingsOf(id), []);
}
