namespace LvsOperator.Core.LoadBalancing;

/// <summary>A Service's <c>spec.externalTrafficPolicy</c>.</summary>
public enum ExternalTrafficPolicy
{
    Cluster,
    Local,
}
