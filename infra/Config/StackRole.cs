namespace Infra.Config;

/// <summary>What a stack runs: an environment's collectors, or the controlplane that also stores and shows.</summary>
public enum StackRole
{
    Environment,
    Controlplane,
}
