using LvsOperator.Core.Kernel;

namespace LvsOperator.Health;

/// <summary>
/// One checked real server of one service. Keyed per service, since two services sharing a server may check it
/// differently (another port, another path).
/// </summary>
public readonly record struct HealthTargetKey(ServiceKey Service, DestinationKey Destination)
{
    public override string ToString() => $"{Service} -> {Destination}";
}
