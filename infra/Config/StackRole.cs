namespace Infra.Config;

/// <summary>
/// What a stack runs: an environment's collectors, the controlplane that also stores and shows (both
/// deploy to a cluster), or the on-call stack that deploys PagerDuty teams, schedules, escalation policies
/// and services (no cluster).
/// </summary>
public enum StackRole
{
    Environment,
    Controlplane,
    OnCall,
}
