namespace LvsOperator.Core.Resources;

/// <summary>
/// Cluster-scoped addresses that LoadBalancer Services of our class may be given, and which Services may take
/// them (MetalLB's <c>IPAddressPool</c>).
/// </summary>
public sealed record AddressPool : IKubernetesObject
{
    public string ApiVersion { get; init; } = ResourceKinds.ApiVersion;
    public string Kind { get; init; } = ResourceKinds.AddressPool;
    public ObjectMeta Metadata { get; init; } = new();
    public AddressPoolSpec Spec { get; init; } = new();
    public AddressPoolStatus? Status { get; init; }
}
