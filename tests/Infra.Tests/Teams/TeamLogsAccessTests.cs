using System.Text.Json;
using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Config;
using Infra.Tests.Support;
using Xunit;

namespace Infra.Tests.Teams;

/// <summary>
/// Every data view a controlplane creates (the platform's and each team's) is readable by the roles people sign
/// in with through Kibana's proxies: a view whose indices no role covers shows nothing to anyone but break-glass.
/// </summary>
public sealed class TeamLogsAccessTests
{
    [Fact]
    public void EveryDataViewIsCoveredByTheReaderAndAdminRoles()
    {
        var controlplanes = Stacks.Of(StackRole.Controlplane).ToList();
        Assert.NotEmpty(controlplanes);
        var roles = RoleIndexPatterns(KibanaUsers.RolesDefinition);
        foreach (var stack in controlplanes)
        {
            var compiled = Stacks.Compile(stack);
            var views = compiled.Graph.Documents
                .Where(d => d.Path.StartsWith("elasticsearch/setup/dataview", StringComparison.Ordinal) && d.Path.EndsWith(".json", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(views);
            foreach (var view in views)
            {
                using var json = JsonDocument.Parse(view.Content);
                var title = json.RootElement.GetProperty("data_view").GetProperty("title").GetString()!;
                foreach (var pattern in title.Split(','))
                {
                    foreach (var role in new[] { KibanaUsers.ReaderRole, KibanaUsers.AdminRole })
                    {
                        Assert.True(roles[role].Any(glob => Covers(glob, pattern)),
                            $"{stack}: data view {view.Path} reads '{pattern}', which role {role} ({string.Join(", ", roles[role])}) does not cover");
                    }
                }
            }
        }
    }

    /// <summary>The index name patterns of each role in a roles.yml text (one <c>names: [...]</c> line per role here).</summary>
    private static Dictionary<string, List<string>> RoleIndexPatterns(string rolesYaml)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? role = null;
        foreach (var line in rolesYaml.Split('\n'))
        {
            if (Regex.Match(line, @"^([A-Za-z0-9_.-]+):\s*$") is { Success: true } head)
            {
                role = head.Groups[1].Value;
                result[role] = [];
            }
            else if (role is not null && Regex.Match(line, @"names:\s*\[(.*)\]") is { Success: true } names)
            {
                result[role].AddRange(names.Groups[1].Value.Split(',').Select(n => n.Trim().Trim('"')));
            }
        }

        return result;
    }

    /// <summary>Whether every index the pattern can name also matches the role's glob (the pattern's own * taken literally is enough here: its * stands for a name part).</summary>
    private static bool Covers(string glob, string pattern) =>
        Regex.IsMatch(pattern, "^" + string.Join(".*", glob.Split('*').Select(Regex.Escape)) + "$");
}
