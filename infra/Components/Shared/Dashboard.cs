using Infra.Model;

namespace Infra.Components;

/// <summary>
/// A Grafana dashboard as code: panels, the template variables its <see cref="DashboardSource"/> needs
/// (an environment selector or a datasource picker), and the JSON model Grafana's dashboard sidecar
/// loads from a labelled ConfigMap.
/// </summary>
public sealed record Dashboard(string Uid, string Title, string Owner, IReadOnlyList<Panel> Panels, DashboardSource Source = DashboardSource.Federated)
{
    /// <summary>The environment variable every panel of a federated dashboard filters on; its values come from federated aggregates.</summary>
    public const string EnvironmentFilter = "environment=~\"$environment\"";

    /// <summary>The controlplane Prometheus' datasource uid (provisioned by <see cref="Grafana"/>).</summary>
    public const string ControlplaneDatasource = "prometheus";

    /// <summary>The datasource variable of per-environment dashboards (the chart's dashboards use the same name).</summary>
    public const string DatasourceVariable = "datasource";

    /// <summary>Grafana's rate window for the panel's step: at least four scrape intervals.</summary>
    public const string RateInterval = "$__rate_interval";

    public ObjectValue Model()
    {
        var panels = Panels.Select((panel, index) => (Value)ObjectValue.Of(
            ("id", index + 1),
            ("type", "timeseries"),
            ("title", panel.Title),
            ("gridPos", ObjectValue.Of(("h", 8), ("w", 12), ("x", index % 2 * 12), ("y", index / 2 * 8))),
            ("datasource", Datasource()),
            ("targets", ListValue.Of(ObjectValue.Of(
                ("refId", "A"),
                ("datasource", Datasource()),
                ("expr", panel.Expr),
                ("legendFormat", panel.Legend)))),
            ("fieldConfig", ObjectValue.Of(
                ("defaults", ObjectValue.Of(("unit", panel.Unit))),
                ("overrides", ListValue.Of()))),
            ("options", ObjectValue.Of(("legend", ObjectValue.Of(("displayMode", "table"), ("placement", "bottom"))))))).ToList();

        return ObjectValue.Of(
            ("uid", Uid),
            ("title", Title),
            ("tags", ListValue.Of("observability", Owner.ToLowerInvariant())),
            ("timezone", "utc"),
            ("editable", false),
            ("schemaVersion", 39),
            ("refresh", "1m"),
            ("time", ObjectValue.Of(("from", "now-6h"), ("to", "now"))),
            ("templating", ObjectValue.Of(("list", Variables()))),
            ("panels", ListValue.Of(panels)));
    }

    private ListValue Variables()
    {
        const string environments = "label_values(job:prometheus_tsdb_head_series:max, environment)";
        return Source switch
        {
            DashboardSource.Federated => ListValue.Of(ObjectValue.Of(
                ("name", "environment"),
                ("label", "Environment"),
                ("type", "query"),
                ("datasource", Datasource()),
                ("definition", environments),
                ("query", ObjectValue.Of(("query", environments), ("refId", "environments"))),
                ("refresh", 2),
                ("includeAll", true),
                ("multi", true),
                ("sort", 1))),
            // Every Prometheus datasource: each environment's (env-<stack>, through its gateway) and the controlplane's.
            DashboardSource.PerEnvironment => ListValue.Of(ObjectValue.Of(
                ("name", DatasourceVariable),
                ("label", "Environment"),
                ("type", "datasource"),
                ("query", "prometheus"),
                ("current", ObjectValue.Of(("text", "Prometheus"), ("value", ControlplaneDatasource))),
                ("refresh", 1))),
            _ => ListValue.Of(),
        };
    }

    private ObjectValue Datasource() => ObjectValue.Of(("type", "prometheus"), ("uid", Source == DashboardSource.PerEnvironment ? $"${{{DatasourceVariable}}}" : ControlplaneDatasource));
}
