using Infra.Model;

namespace Infra.Components;

/// <summary>
/// A Grafana dashboard as code: panels on the controlplane Prometheus, an environment selector, and
/// the JSON model Grafana's dashboard sidecar loads from a labelled ConfigMap.
/// </summary>
public sealed record Dashboard(string Uid, string Title, string Owner, IReadOnlyList<Panel> Panels)
{
    /// <summary>The environment variable every panel filters on; its values come from federated aggregates.</summary>
    public const string EnvironmentFilter = "environment=~\"$environment\"";

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

        const string environments = "label_values(job:prometheus_tsdb_head_series:max, environment)";
        return ObjectValue.Of(
            ("uid", Uid),
            ("title", Title),
            ("tags", ListValue.Of("observability", Owner.ToLowerInvariant())),
            ("timezone", "utc"),
            ("editable", false),
            ("schemaVersion", 39),
            ("refresh", "1m"),
            ("time", ObjectValue.Of(("from", "now-6h"), ("to", "now"))),
            ("templating", ObjectValue.Of(("list", ListValue.Of(ObjectValue.Of(
                ("name", "environment"),
                ("label", "Environment"),
                ("type", "query"),
                ("datasource", Datasource()),
                ("definition", environments),
                ("query", ObjectValue.Of(("query", environments), ("refId", "environments"))),
                ("refresh", 2),
                ("includeAll", true),
                ("multi", true),
                ("sort", 1)))))),
            ("panels", ListValue.Of(panels)));
    }

    private static ObjectValue Datasource() => ObjectValue.Of(("type", "prometheus"), ("uid", "prometheus"));
}
