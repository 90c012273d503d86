using System.Text.RegularExpressions;

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

    /// <summary>Rewrites a rendered alertmanager.yaml in place (see the class summary).</summary>
    public static void Adapt(string path) => File.WriteAllText(path, Compatible(File.ReadAllText(path)));

    // A webhook's url_file only: Slack's api_url_file and PagerDuty's *_file keys have other names.
    [GeneratedRegex("(?m)^(?<indent>[ \\t]*(?:- )?)url_file: (?<path>\\S+)$")]
    private static partial Regex UrlFile();
}
