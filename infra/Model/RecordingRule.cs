namespace Infra.Model;

/// <summary>A Prometheus recording rule.</summary>
public sealed record RecordingRule(string Record, string Expr);
