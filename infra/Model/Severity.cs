namespace Infra.Model;

/// <summary>Alert severity, the <c>severity</c> label Alertmanager routes on.</summary>
public enum Severity
{
    Critical,
    Warning,
    Info,
}
