using System.Text.RegularExpressions;
using Infra.Components;
using Infra.Model;
using Infra.Yaml;

namespace Infra.Tests.Support;

/// <summary>
/// The Alertmanager and amtool installed here (Debian's 0.25.0) predate a webhook's <c>url_file</c>
/// (Alertmanager 0.26; the deployed one is kube-prometheus-stack's 0.34.0). Before they read a rendered
/// configuration, each webhook <c>url_file</c> becomes the <c>url</c> it names: the file's content, or a
/// local address nothing listens on when the test wrote no file. Nothing else changes.
/// </summary>
public static partial class LocalAlertmanager
{
    public const string Placeholder = "http://127.0.0.1:9/heartbeat";

    public static string Compatible(string config) => UrlFile().Replace(config, m =>
        $"{m.Groups["indent"].Value}url: {(File.Exists(m.Groups["path"].Value) ? File.ReadAllText(m.Groups["path"].Value).Trim() : Placeholder)}");

    /// <summary>
    /// Starts the real Alertmanager on a rendered configuration, in <paramref name="folder"/> (under the scratch
    /// folder): each of <paramref name="secrets"/> becomes a file of the receivers' Secret, whose mount path the
    /// configuration names, and <paramref name="overrides"/> (a test's endpoint or timers) is merged over the
    /// configuration. Returns its port once it answers as ready.
    /// </summary>
    public static int Start(ScratchProcesses scratch, string folder, string rendered, IReadOnlyDictionary<string, string> secrets, ObjectValue? overrides = null)
    {
        var directory = Path.Combine(scratch.Folder, folder);
        var secretFiles = Path.Combine(directory, "secrets");
        Directory.CreateDirectory(secretFiles);
        foreach (var (key, value) in secrets)
        {
            File.WriteAllText(Path.Combine(secretFiles, key), value);
        }

        var config = Compatible(rendered.Replace($"/etc/alertmanager/secrets/{Alertmanager.ReceiversSecretName}", secretFiles, StringComparison.Ordinal));
        if (overrides is not null)
        {
            config = YamlWriter.Write(ChartValuesMerger.Merge((ObjectValue)YamlValueReader.Parse(config), overrides), YamlMode.Document);
        }

        var path = Path.Combine(directory, "alertmanager.yaml");
        File.WriteAllText(path, config);
        var port = FreePort.Next();
        scratch.Start("prometheus-alertmanager",
            $"--config.file={path}",
            $"--storage.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=")
            .WaitUntilReady($"http://127.0.0.1:{port}/-/ready", TimeSpan.FromSeconds(30));
        return port;
    }

    /// <summary>Rewrites a rendered alertmanager.yaml in place (see the class summary).</summary>
    public static void Adapt(string path) => File.WriteAllText(path, Compatible(File.ReadAllText(path)));

    // A webhook's url_file only: Slack's api_url_file and PagerDuty's *_file keys have other names.
    [GeneratedRegex("(?m)^(?<indent>[ \\t]*(?:- )?)url_file: (?<path>\\S+)$")]
    private static partial Regex UrlFile();
}
