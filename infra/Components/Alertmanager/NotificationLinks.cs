using Infra.Config;

namespace Infra.Components;

/// <summary>
/// The links a notification carries, as Alertmanager (Go) template text: the component's Grafana dashboard
/// filtered on the alert's environment and cluster, the Kibana Discover view of the namespace's logs, and
/// the Grafana silence editor with the alert's matchers (through this stack's Alertmanager datasource on
/// the controlplane's Grafana), each over the alert's time window: an hour before it started until now, or
/// until a quarter of an hour after it resolved. The hosts are this stack's grafanaUrl and kibanaUrl (an
/// environment never reads the controlplane's stack).
/// </summary>
/// <param name="Alert">Template expression of the alert the window is taken from, before <c>.StartsAt</c> (empty inside a range: the alert is the dot; <c>(index .Alerts 0)</c> for a group).</param>
/// <param name="Labels">Template expression of the labels (<c>.Labels</c> or <c>.CommonLabels</c>).</param>
/// <param name="Annotations">Template expression of the annotations (<c>.Annotations</c> or <c>.CommonAnnotations</c>).</param>
/// <param name="PrometheusDatasource">The Grafana datasource of this stack's own Prometheus (per-environment dashboards pick it).</param>
public sealed record NotificationLinks(string GrafanaUrl, string KibanaUrl, string Stack, string PrometheusDatasource, string Alert, string Labels, string Annotations)
{
    /// <summary>How far before the alert started the linked views begin.</summary>
    public static readonly TimeSpan Before = TimeSpan.FromHours(1);

    /// <summary>How far after a resolved alert ended the linked views end.</summary>
    public static readonly TimeSpan After = TimeSpan.FromMinutes(15);

    /// <summary>The uid and name of a stack's Alertmanager datasource on the controlplane's Grafana.</summary>
    public static string AlertmanagerDatasource(string stack) => $"alertmanager-{stack}";

    /// <summary>Links of one alert, inside <c>{{ range .Alerts }}</c>.</summary>
    public static NotificationLinks PerAlert(StackSettings settings) => new(Grafana(settings), Kibana(settings), settings.Stack, Datasource(settings), string.Empty, ".Labels", ".Annotations");

    /// <summary>Links of a notification's group: its common labels, the window of its first alert.</summary>
    public static NotificationLinks PerGroup(StackSettings settings) => new(Grafana(settings), Kibana(settings), settings.Stack, Datasource(settings), "(index .Alerts 0)", ".CommonLabels", ".CommonAnnotations");

    private static string Datasource(StackSettings settings) =>
        settings.Role == StackRole.Controlplane ? Components.Dashboard.ControlplaneDatasource : Components.Grafana.EnvironmentDatasource(settings.Stack);

    /// <summary>This stack's grafanaUrl; on the controlplane https://grafanaHost when unset.</summary>
    public static string Grafana(StackSettings settings) => Url(settings, SettingsCatalog.GrafanaUrl, SettingsCatalog.GrafanaHost);

    public static string Kibana(StackSettings settings) => Url(settings, SettingsCatalog.KibanaUrl, SettingsCatalog.KibanaHost);

    private static string Url(StackSettings settings, Setting<string> url, Setting<string> host) =>
        settings.Get(url) is { Length: > 0 } configured ? configured
        : settings.Role == StackRole.Controlplane ? $"https://{settings.Get(host)}"
        : string.Empty;

    private static string Nanoseconds(TimeSpan span) => (span.Ticks * 100).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Start of the window, in milliseconds (Grafana's from=).</summary>
    private string FromMillis => $"{{{{ ({Alert}.StartsAt.Add -{Nanoseconds(Before)}).UnixMilli }}}}";

    private string ToMillis => $"{{{{ if eq {Alert}.Status \"resolved\" }}}}{{{{ ({Alert}.EndsAt.Add {Nanoseconds(After)}).UnixMilli }}}}{{{{ else }}}}now{{{{ end }}}}";

    private string FromIso => $"{{{{ ({Alert}.StartsAt.Add -{Nanoseconds(Before)}).UTC.Format \"2006-01-02T15:04:05Z\" }}}}";

    private string ToIso => $"{{{{ if eq {Alert}.Status \"resolved\" }}}}'{{{{ ({Alert}.EndsAt.Add {Nanoseconds(After)}).UTC.Format \"2006-01-02T15:04:05Z\" }}}}'{{{{ else }}}}now{{{{ end }}}}";

    private string Label(string name) => $"{{{{ {Labels}.{name} | urlquery }}}}";

    /// <summary>For a team's alerts: the Grafana folder of its dashboards (shown when the alert names no dashboard).</summary>
    public string? TeamFolder { get; init; }

    /// <summary>For a team's alerts: the Kibana data view of its logs.</summary>
    public string? TeamDataView { get; init; }

    /// <summary>The component's dashboard (its uid is the alert's dashboard_uid annotation); Grafana's dashboard list (a team's: its folder) when it has none.</summary>
    public string Dashboard => GrafanaUrl.Length == 0 ? string.Empty
        : $"{{{{ if {Annotations}.{PrometheusRuleFile.DashboardAnnotation} }}}}{GrafanaUrl}/d/{{{{ {Annotations}.{PrometheusRuleFile.DashboardAnnotation} }}}}"
            + $"?var-environment={Label("environment")}&var-cluster={Label("cluster")}&var-datasource={PrometheusDatasource}&from={FromMillis}&to={ToMillis}"
            + $"{{{{ else }}}}{GrafanaUrl}/dashboards?{(TeamFolder is null ? "tag=observability" : $"query={TeamFolder}")}{{{{ end }}}}";

    /// <summary>Kibana Discover on the logs data view: the environment's logs of the alert's namespace (all of them when it has none).</summary>
    public string Logs => KibanaUrl.Length == 0 ? string.Empty
        : $"{KibanaUrl}/app/discover#/?_g=(time:(from:'{FromIso}',to:{ToIso}))"
            + $"&_a=(dataSource:(dataViewId:{TeamDataView ?? ElasticsearchSetup.DataView},type:dataView),query:(language:kuery,query:'environment:%22{Label("environment")}%22"
            + $"{{{{ if {Labels}.namespace }}}}%20and%20kubernetes.namespace_name:%22{Label("namespace")}%22{{{{ end }}}}'))";

    /// <summary>Grafana's silence editor on this stack's Alertmanager, with the alert's name and place as matchers.</summary>
    public string Silence => GrafanaUrl.Length == 0 ? string.Empty
        : $"{GrafanaUrl}/alerting/silence/new?alertmanager={AlertmanagerDatasource(Stack)}"
            + string.Concat(new[] { "alertname", "environment", "cluster", "namespace" }.Select(l => $"{{{{ if {Labels}.{l} }}}}&matcher={l}%3D{Label(l)}{{{{ end }}}}"));

    public string Runbook => $"{{{{ {Annotations}.runbook_url }}}}";
}
