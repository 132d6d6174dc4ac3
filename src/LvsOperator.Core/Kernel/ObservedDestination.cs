namespace LvsOperator.Core.Kernel;

/// <summary>A destination as a kernel dump shows it, with the connection counts that decide when a drain ends.</summary>
public sealed record ObservedDestination(IpvsDestination Destination, uint ActiveConnections = 0, uint InactiveConnections = 0)
{
    public bool HasConnections => ActiveConnections + InactiveConnections > 0;
}
