namespace LvsOperator.Core.Resources;

public sealed record RealServerStatus
{
    public long? ObservedGeneration { get; init; }
    public IReadOnlyList<Condition>? Conditions { get; init; }

    /// <summary>How many VirtualServices select this real server.</summary>
    public int VirtualServices { get; init; }

    /// <summary>
    /// The last spec the controller accepted. While a later edit is refused (<c>Accepted=False</c>), the
    /// nodes keep serving this one, as they keep a refused VirtualService's last accepted state.
    /// </summary>
    public RealServerSpec? AcceptedSpec { get; init; }
}
