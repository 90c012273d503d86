namespace Infra.Components.OnCall;

/// <summary>PagerDuty's restriction types: a window every day, or one window a week.</summary>
public enum RestrictionKind
{
    Daily,
    Weekly,
}
