namespace Infra.Tests.FailureModes;

/// <summary>What a fault threatens if nobody acts.</summary>
public enum DataRisk
{
    /// <summary>Nothing is lost or missing: redundancy absorbs it, or it only degrades.</summary>
    None,

    /// <summary>Logs or metrics go missing for a while (a gap), and come back when it is fixed.</summary>
    Gap,

    /// <summary>Logs or metrics are lost for good unless someone acts in time.</summary>
    Loss,
}
