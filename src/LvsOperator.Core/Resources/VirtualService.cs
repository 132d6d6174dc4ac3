namespace LvsOperator.Core.Resources;

/// <summary>
/// One IPVS virtual service: what <c>ipvsadm -A</c> declares, plus where its real servers come from
/// and which nodes direct it.
/// </summary>
public sealed record VirtualService : IKubernetesObject
{
    public string ApiVersion { get; init; } = ResourceKinds.ApiVersion;
    public string Kind { get; init; } = ResourceKinds.VirtualService;
    public ObjectMeta Metadata { get; init; } = new();
    public VirtualServiceSpec Spec { get; init; } = new();
    public VirtualServiceStatus? Status { get; init; }
}
